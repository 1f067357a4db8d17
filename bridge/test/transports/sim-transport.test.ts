// sim:// pairs: the simulator holds the device end, the bridge opens the URL like any other.
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../src/transports/create-transport.ts';
import { simDevice } from '../../src/transports/sim-transport.ts';
import { collect, next } from './helpers.ts';

describe('SimTransport', () => {
  it('joins the bridge end to the simulator and carries bytes both ways, asynchronously', async () => {
    const device = simDevice('sim-test-1');
    await device.open();
    const bridge = createTransport('sim://sim-test-1');
    await bridge.open();
    const atDevice = collect(device);
    const atBridge = collect(bridge);

    const sent = Buffer.from([1, 2, 3]);
    expect(bridge.write(sent)).toBe(true);
    sent.fill(0); // the bytes already "on the wire" must not change
    expect(atDevice.chunks).toHaveLength(0); // not delivered synchronously
    expect([...(await atDevice.bytes(3))]).toEqual([1, 2, 3]);
    device.write(Buffer.from('ok'));
    expect((await atBridge.bytes(2)).toString()).toBe('ok');
    await bridge.close();
    await device.close();
  });

  it('fails to open while no simulator is attached, or while another bridge end holds it', async () => {
    const bridge = createTransport('sim://sim-test-2');
    await expect(bridge.open()).rejects.toThrow(/no simulator attached at sim:\/\/sim-test-2/);
    const device = simDevice('sim-test-2');
    await device.open();
    await bridge.open();
    await expect(createTransport('sim://sim-test-2').open()).rejects.toThrow(/already in use/);
    await bridge.close();
    await device.close();
  });

  it('closes the bridge end when the simulator detaches; the device end survives the bridge leaving', async () => {
    const device = simDevice('sim-test-3');
    expect(simDevice('sim-test-3')).toBe(device);
    await device.open();
    const first = createTransport('sim://sim-test-3');
    await first.open();
    await first.close();
    expect(device.isOpen).toBe(true);

    const second = createTransport('sim://sim-test-3');
    await second.open();
    const closed = next<[Error?]>(second, 'close');
    await device.close();
    expect((await closed)[0]?.message).toMatch(/detached/);
    expect(second.isOpen).toBe(false);
    expect(second.write(Buffer.from('x'))).toBe(false);
  });
});
