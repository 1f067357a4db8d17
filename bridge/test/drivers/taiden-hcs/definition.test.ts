// The registry entry: the options schema fills every default the README lists and rejects unknown
// fields; the commands schema matches what execute() accepts; create() builds a working driver.
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  TaidenHcsCommand,
  TaidenHcsOptions,
  taidenHcsDriver,
} from '../../../src/drivers/taiden-hcs/definition.ts';
import { TaidenHcsDriver } from '../../../src/drivers/taiden-hcs/driver.ts';
import { startTaidenSimulatorTcp } from '../../../src/drivers/taiden-hcs/simulator.ts';
import { floorOf, until } from './helpers.ts';

const options = Compile(TaidenHcsOptions);
const commands = Compile(TaidenHcsCommand);

describe('taidenHcsDriver definition', () => {
  it('defaults: E3 ED 00, fixed 6 × 16-bit stream on, 500 ms / 2 retries, voting and camera off', () => {
    const filled = options.Default({});
    expect(options.Check(filled)).toBe(true);
    expect(filled).toEqual({
      allOffCode: 'E3 ED 00',
      micStream: {
        enabled: true,
        layout: 'fixed',
        slots: 6,
        idBytes: 2,
        strictPadding: true,
        refreshMs: 60_000,
      },
      verifyMs: 500,
      maxRetries: 2,
      voting: { enabled: false },
      cameraTracking: { enabled: false },
    });
    expect(options.Check(options.Default({ seatMap: { '11': 1 }, micStream: { layout: 'count' } }))).toBe(
      true,
    );
  });

  it('rejects unknown fields and values out of range', () => {
    for (const bad of [
      { extra: 1 },
      { micStream: { layuot: 'fixed' } },
      { micStream: { slots: 16 } },
      { micStream: { idBytes: 3 } },
      { allOffCode: 'E3 EE 00' },
      { verifyMs: 5 },
      { maxRetries: -1 },
      { voting: { enabled: 'yes' } },
      { seatMap: { abc: 3 } },
      { seatMap: { '0': 3 } },
    ]) {
      expect(options.Check(options.Default(structuredClone(bad))), JSON.stringify(bad)).toBe(false);
    }
  });

  it('commands schema', () => {
    for (const ok of [
      { type: 'mic', seat: 3, on: true },
      { type: 'all_off' },
      { type: 'stream', on: false },
      { type: 'camera_tracking', on: true },
      { type: 'video_input', channel: 0 },
      { type: 'raw', hex: 'E6 F1 00 03' },
      { type: 'raw', hex: 'e3ed00' },
    ]) {
      expect(commands.Check(ok), JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [
      { type: 'mic', seat: 3 },
      { type: 'mic', seat: 0, on: true },
      { type: 'all_off', seat: 1 },
      { type: 'raw', hex: 'E6 F' },
      { type: 'raw', hex: '' },
      { type: 'video_input', channel: 256 },
      { type: 'reboot' },
    ]) {
      expect(commands.Check(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('create() builds a driver that works with defaulted options', { timeout: 10_000 }, async () => {
    expect(taidenHcsDriver).toMatchObject({
      id: 'taiden-hcs',
      traffic: 'hex',
      transports: ['serial', 'tcp', 'sim'],
    });
    const tcp = await startTaidenSimulatorTcp({ seats: 4 });
    const driver = taidenHcsDriver.create(
      {
        id: 'hcs-def',
        transport: `tcp://127.0.0.1:${tcp.port}`,
        options: options.Default({ verifyMs: 100 }) as TaidenHcsOptions,
      },
      { logger: { info() {}, warn() {}, debug() {} }, link: { reconnectDelay: () => 50 } },
    );
    try {
      expect(driver).toBeInstanceOf(TaidenHcsDriver);
      driver.start();
      await until('reconciling', () => driver.details().mode === 'reconciling');
      driver.floor(floorOf([2]));
      await until('sim on [2]', () => tcp.sim.state.on.join() === '2');
      expect(
        driver.traffic().some((t) => t.dir === 'out' && t.bytes.equals(Buffer.from([0xe6, 0xf1, 0, 2]))),
      ).toBe(true);
    } finally {
      await driver.stop();
      await tcp.close();
    }
  });
});
