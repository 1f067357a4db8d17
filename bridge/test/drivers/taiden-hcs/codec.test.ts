// Level 0 (ARCHITECTURE.md): Taiden HCS commands → bytes and frames → messages, from fixtures
// written out of shared/protocols/conference-systems.md, "Taiden HCS central-control protocol".
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import {
  decode,
  encode,
  fromHex,
  type MicStreamLayout,
  type TaidenCommand,
  toHex,
} from '../../../src/drivers/taiden-hcs/codec.ts';

const hex = (cmd: TaidenCommand, allOffCode?: Parameters<typeof encode>[1]) => toHex(encode(cmd, allOffCode));
const bytes = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

describe('encode (host → unit)', () => {
  it('writes the fact sheet bytes', () => {
    expect(hex({ type: 'mic_on', seat: 1 })).toBe('E6 F1 00 01');
    expect(hex({ type: 'mic_on', seat: 0x1234 })).toBe('E6 F1 12 34');
    expect(hex({ type: 'mic_off', seat: 300 })).toBe('E6 F2 01 2C');
    expect(hex({ type: 'mic_off', seat: 65535 })).toBe('E6 F2 FF FF');
    expect(hex({ type: 'all_off' })).toBe('E3 ED 00');
    expect(hex({ type: 'vote_start' })).toBe('E3 01 00');
    expect(hex({ type: 'vote_end' })).toBe('E3 02 00');
    expect(hex({ type: 'stream_start' })).toBe('E3 04 00');
    expect(hex({ type: 'stream_stop' })).toBe('E3 05 00');
    expect(hex({ type: 'camera_start' })).toBe('E3 E4 00');
    expect(hex({ type: 'camera_stop' })).toBe('E3 E5 00');
    expect(hex({ type: 'video_input', channel: 3 })).toBe('E3 EA 03');
  });

  it('all mics off in each per-model form', () => {
    expect(hex({ type: 'all_off' }, { allOffCode: 'E3 ED 00' })).toBe('E3 ED 00');
    expect(hex({ type: 'all_off' }, { allOffCode: 'E6 ED' })).toBe('E6 ED');
    expect(hex({ type: 'all_off' }, { allOffCode: 'E6 ED 00 00' })).toBe('E6 ED 00 00');
  });

  it('rejects bad commands with E_BAD_COMMAND', () => {
    const bad: unknown[] = [
      { type: 'mic_on', seat: 0 },
      { type: 'mic_on', seat: 65536 },
      { type: 'mic_off', seat: 1.5 },
      { type: 'mic_off', seat: '5' },
      { type: 'mic_on' },
      { type: 'video_input', channel: 256 },
      { type: 'video_input', channel: -1 },
      { type: 'mic_request_on', seat: 1 }, // Taiden has no request list (fact sheet table)
      { type: 'toString' },
      { type: 'constructor' },
      {},
      null,
      'mic_on 1',
    ];
    for (const cmd of bad) {
      let error: unknown;
      try {
        encode(cmd as TaidenCommand);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(cmd)).toBeInstanceOf(BridgeError);
      expect((error as BridgeError).code).toBe('E_BAD_COMMAND');
    }
    expect(() => encode({ type: 'all_off' }, { allOffCode: 'E3 EE 00' as never })).toThrow(BridgeError);
  });
});

describe('decode (unit → host frames)', () => {
  const fixed: MicStreamLayout = { layout: 'fixed', slots: 6, idBytes: 2, strictPadding: true };

  it('mic-state, fixed layout: six 16-bit slots, the first `count` used', () => {
    const frame = bytes('E6 12 02 0005 0107 0000 0000 0000 0000');
    expect(decode(frame, fixed)).toEqual({
      type: 'mic_state',
      operation: 1,
      active: 2,
      count: 2,
      seats: [5, 0x107],
      paddingNonZero: false,
    });
    expect(decode(bytes('E6 00 00 0000 0000 0000 0000 0000 0000'), fixed)).toMatchObject({
      seats: [],
      active: 0,
    });
    // Padding that is not zero is reported (the framer rejects it when strictPadding is on).
    expect(decode(bytes('E6 11 01 0005 0009 0000 0000 0000 0000'), fixed)).toMatchObject({
      seats: [5],
      paddingNonZero: true,
    });
  });

  it('mic-state, count layout and 8-bit ids', () => {
    const count: MicStreamLayout = { layout: 'count', slots: 6, idBytes: 2, strictPadding: true };
    expect(decode(bytes('E6 23 03 0001 0002 0003'), count)).toMatchObject({
      operation: 2,
      active: 3,
      seats: [1, 2, 3],
    });
    expect(decode(bytes('E6 10 00'), count)).toMatchObject({ seats: [], count: 0 });
    const narrow: MicStreamLayout = { layout: 'fixed', slots: 6, idBytes: 1, strictPadding: true };
    expect(decode(bytes('E6 12 02 05 07 00 00 00 00'), narrow)).toMatchObject({ seats: [5, 7] });
  });

  it('vote result and camera frames', () => {
    expect(decode(bytes('E3 0030 0014 0005 0003'))).toEqual({
      type: 'vote_result',
      present: 48,
      yes: 20,
      no: 5,
      abstain: 3,
    });
    expect(decode(bytes('E5 01 02'))).toEqual({ type: 'camera', seat: 258, panorama: false });
    expect(decode(bytes('E5 00 00'))).toEqual({ type: 'camera', seat: 0, panorama: true });
  });

  it('anything of the wrong shape is unknown, never a throw', () => {
    for (const s of [
      '',
      'E6',
      'E6 12 02 0005',
      'E3 00',
      'E5 00',
      'E5 00 00 00',
      'AA BB',
      `E6 10 07${'00'.repeat(12)}`,
    ]) {
      expect(decode(bytes(s))).toMatchObject({ type: 'unknown' });
    }
  });
});

describe('hex helpers', () => {
  it('round-trips and rejects non-hex', () => {
    expect(toHex(Buffer.from([0xe6, 0xf1, 0, 5]))).toBe('E6 F1 00 05');
    expect(toHex(Buffer.alloc(0))).toBe('');
    expect([...fromHex('e6f10005')]).toEqual([0xe6, 0xf1, 0, 5]);
    expect([...fromHex('E6 F1 00 05')]).toEqual([0xe6, 0xf1, 0, 5]);
    expect([...fromHex('e6:f1')]).toEqual([0xe6, 0xf1]);
    for (const s of ['', 'E', 'E6F', 'zz', 'E6 F1 0']) expect(() => fromHex(s)).toThrow(BridgeError);
  });
});
