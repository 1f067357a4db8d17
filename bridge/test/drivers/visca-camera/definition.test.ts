// The registry entry: schemas validate what a device instance and the technician page send, defaults
// are the driver's, and create() gives a working driver.
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { TRANSPORT_SCHEMES } from '../../../src/contract/device-instance.ts';
import { validateInstance } from '../../../src/devices/device-files.ts';
import { ViscaCameraOptions, viscaCameraDriver } from '../../../src/drivers/visca-camera/definition.ts';
import { VISCA_DEFAULTS } from '../../../src/drivers/visca-camera/driver.ts';
import { ViscaSimulator } from '../../../src/drivers/visca-camera/simulator.ts';
import { floor, onCleanup, until } from './helpers.ts';

const { options, commands } = viscaCameraDriver;

describe('viscaCameraDriver definition', () => {
  it('names itself and its transports', () => {
    expect(viscaCameraDriver).toMatchObject({ id: 'visca-camera', traffic: 'hex' });
    expect(viscaCameraDriver.transports).toEqual(['udp', 'serial', 'tcp', 'sim']);
    for (const t of viscaCameraDriver.transports) expect(TRANSPORT_SCHEMES).toContain(t);
    expect(viscaCameraDriver.exampleTransport).toBe('udp://192.168.1.60:52381');
  });

  it('options: defaults filled in equal the driver defaults; every field described', () => {
    expect(Value.Default(options, {})).toEqual({ presets: {}, ...VISCA_DEFAULTS });
    for (const [key, schema] of Object.entries(ViscaCameraOptions.properties)) {
      expect((schema as { description?: string }).description, key).toBeTruthy();
    }
  });

  it('options: accepts a real room, rejects unknown fields and out-of-range values', () => {
    const room = { presets: { '1': 1, '12': 2, '60': 127 }, overviewPreset: 0, holdMs: 4000, address: 2 };
    expect(Value.Check(options, room)).toBe(true);
    for (const bad of [
      { ...room, zoom: 3 }, // unknown field
      { presets: { seat1: 1 } }, // not a seat number
      { presets: { '0': 1 } },
      { presets: { '3': 128 } }, // beyond our preset range
      { overviewPreset: -1 },
      { address: 8 },
      { holdMs: 1.5 },
      { pollMs: 10 },
      { retries: 11 },
    ]) {
      expect(Value.Check(options, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('commands: the four technician commands and nothing else', () => {
    for (const ok of [
      { type: 'recall', preset: 3 },
      { type: 'store', preset: 127 },
      { type: 'overview' },
      { type: 'power_inquiry' },
    ]) {
      expect(Value.Check(commands, ok), JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [
      { type: 'recall' },
      { type: 'recall', preset: 128 },
      { type: 'overview', preset: 1 },
      { type: 'zoom' },
      {},
    ]) {
      expect(Value.Check(commands, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('a device instance file passes the appliance loader, defaults applied; a wrong transport does not', () => {
    const registry = new Map([[viscaCameraDriver.id, viscaCameraDriver]]);
    const instance = {
      id: 'camera-front',
      driver: 'visca-camera',
      transport: 'udp://192.168.1.60:52381',
      options: { presets: { '1': 1, '2': 2 }, overviewPreset: 0, holdMs: 4000 },
    };
    const r = validateInstance(instance, registry);
    expect(r).toMatchObject({ ok: true, options: { holdMs: 4000, pollMs: 1000, retries: 2, address: 1 } });
    const serial = { ...instance, transport: 'serial:///dev/ttyUSB0?baudRate=9600', options: { address: 2 } };
    expect(validateInstance(serial, registry).ok).toBe(true);
    const bad = validateInstance({ ...instance, options: { holdMs: -1, zoom: 1 } }, registry);
    expect(bad.ok).toBe(false);
    expect(validateInstance({ ...instance, transport: 'udp://192.168.1.60' }, registry).ok).toBe(false);
  });

  it('create() gives a driver that reaches the camera', async () => {
    const sim = new ViscaSimulator({ moveMs: 10 });
    const port = await sim.listenUdp();
    onCleanup(() => sim.close());
    const driver = viscaCameraDriver.create(
      {
        id: 'cam-2',
        transport: `udp://127.0.0.1:${port}`,
        options: Value.Default(options, { presets: { '5': 42 }, holdMs: 0 }) as never,
      },
      { logger: { info() {}, warn() {}, debug() {} } },
    );
    onCleanup(() => driver.stop());
    driver.start();
    await until('ok', () => driver.status.status === 'ok');
    expect(driver.status.device).toBe('cam-2');
    driver.floor(floor([5]));
    await until('preset 42', () => sim.state.preset === 42);
    driver.vote({ id: 'v1', state: 'open', secret: false }); // no voting: a no-op
  });
});
