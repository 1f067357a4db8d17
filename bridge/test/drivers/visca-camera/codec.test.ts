// Level 0: typed commands → the documented bytes, and the documented camera replies → the typed union.
// Expected bytes are written out literally from the fact sheet and Sony's command lists, never computed.
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import {
  decode,
  decodeControl,
  decodePower,
  encode,
  encodeIp,
  encodeIpReset,
  expectsAck,
  hex,
  ipTypeOf,
  type ViscaCommand,
} from '../../../src/drivers/visca-camera/codec.ts';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function badCommand(fn: () => unknown): BridgeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe('E_BAD_COMMAND');
    return err as BridgeError;
  }
  throw new Error('did not throw');
}

describe('encode', () => {
  it('writes the documented packets', () => {
    const cases: [ViscaCommand, number, string][] = [
      [{ type: 'preset_recall', preset: 5 }, 1, '81 01 04 3F 02 05 FF'], // fact sheet
      [{ type: 'preset_store', preset: 0x7f }, 1, '81 01 04 3F 01 7F FF'], // fact sheet
      [{ type: 'preset_recall', preset: 0 }, 7, '87 01 04 3F 02 00 FF'],
      [{ type: 'power_inquiry' }, 1, '81 09 04 00 FF'], // Sony CAM_PowerInq
      [{ type: 'power', on: true }, 2, '82 01 04 00 02 FF'], // Sony CAM_Power On
      [{ type: 'power', on: false }, 1, '81 01 04 00 03 FF'],
      [{ type: 'if_clear' }, 3, '83 01 00 01 FF'], // Sony IF_Clear for x
      [{ type: 'cancel', socket: 2 }, 1, '81 22 FF'], // Sony Command Cancel
      [{ type: 'address_set' }, 1, '88 30 01 FF'], // Sony Address Set (broadcast)
      [{ type: 'if_clear_broadcast' }, 1, '88 01 00 01 FF'],
    ];
    for (const [cmd, address, bytes] of cases) expect(hex(encode(cmd, address)), cmd.type).toBe(bytes);
  });

  it('checks ranges and shapes: presets 0..127, address 1..7, sockets 1..2', () => {
    badCommand(() => encode({ type: 'preset_recall', preset: 128 }));
    badCommand(() => encode({ type: 'preset_recall', preset: -1 }));
    badCommand(() => encode({ type: 'preset_store', preset: 1.5 }));
    badCommand(() => encode({ type: 'preset_recall', preset: '3' as unknown as number }));
    badCommand(() => encode({ type: 'preset_recall', preset: 1 }, 0));
    badCommand(() => encode({ type: 'preset_recall', preset: 1 }, 8));
    badCommand(() => encode({ type: 'cancel', socket: 3 }));
    badCommand(() => encode({ type: 'power' } as unknown as ViscaCommand));
    expect(badCommand(() => encode({ type: 'zoom' } as unknown as ViscaCommand)).message).toMatch(/zoom/);
    badCommand(() => encode(null as unknown as ViscaCommand));
  });

  it('knows which payload type and which answer each command gets', () => {
    expect(ipTypeOf({ type: 'power_inquiry' })).toBe('inquiry');
    expect(ipTypeOf({ type: 'preset_recall', preset: 1 })).toBe('command');
    expect(expectsAck({ type: 'preset_recall', preset: 1 })).toBe(true);
    expect(expectsAck({ type: 'power_inquiry' })).toBe(false);
    expect(expectsAck({ type: 'if_clear' })).toBe(false); // Sony: "ACK is not returned for this command"
  });
});

describe('VISCA over IP header', () => {
  it('wraps a command, an inquiry and RESET as Sony documents', () => {
    expect(hex(encodeIp('command', 1, h('81 01 04 3F 02 05 FF')))).toBe(
      '01 00 00 07 00 00 00 01 81 01 04 3F 02 05 FF',
    );
    expect(hex(encodeIp('inquiry', 0x01020304, h('81 09 04 00 FF')))).toBe(
      '01 10 00 05 01 02 03 04 81 09 04 00 FF',
    );
    expect(hex(encodeIpReset(0xffff_ffff))).toBe('02 00 00 01 FF FF FF FF 01');
  });

  it('refuses a sequence outside 32 bits and a payload outside 1..16 bytes', () => {
    badCommand(() => encodeIp('command', -1, h('01')));
    badCommand(() => encodeIp('command', 2 ** 32, h('01')));
    badCommand(() => encodeIp('command', 0, Buffer.alloc(0)));
    badCommand(() => encodeIp('command', 0, Buffer.alloc(17)));
  });
});

describe('decode', () => {
  it('reads ACK, completion, inquiry replies and errors (Sony error table)', () => {
    expect(decode(h('90 41 FF'))).toEqual({ type: 'ack', address: 1, socket: 1 });
    expect(decode(h('90 52 FF'))).toEqual({ type: 'completion', address: 1, socket: 2 });
    expect(decode(h('F0 51 FF'))).toEqual({ type: 'completion', address: 7, socket: 1 });
    expect(decode(h('90 50 FF'))).toEqual({ type: 'completion', address: 1, socket: 0 }); // IF_Clear
    expect(decode(h('90 50 02 FF'))).toEqual({ type: 'inquiry_reply', address: 1, data: [2] });
    const errors: [string, number, number, string][] = [
      ['90 60 01 FF', 0, 0x01, 'message_length'],
      ['90 60 02 FF', 0, 0x02, 'syntax'],
      ['90 60 03 FF', 0, 0x03, 'buffer_full'],
      ['A0 62 04 FF', 2, 0x04, 'cancelled'],
      ['90 61 05 FF', 1, 0x05, 'no_socket'],
      ['90 61 41 FF', 1, 0x41, 'not_executable'],
      ['90 61 77 FF', 1, 0x77, 'unknown'],
    ];
    for (const [bytes, socket, code, reason] of errors) {
      expect(decode(h(bytes)), bytes).toMatchObject({ type: 'error', socket, code, reason });
    }
    expect(decode(h('A0 61 41 FF'))).toMatchObject({ type: 'error', address: 2 });
  });

  it('reads the broadcast replies and Network Change', () => {
    expect(decode(h('88 30 02 FF'))).toEqual({ type: 'address_set', next: 2 });
    expect(decode(h('88 30 08 FF'))).toEqual({ type: 'address_set', next: 8 });
    expect(decode(h('88 01 00 01 FF'))).toEqual({ type: 'if_clear_broadcast' });
    expect(decode(h('90 38 FF'))).toEqual({ type: 'network_change', address: 1 });
  });

  it('anything else is unknown, never thrown: our own packet coming back, bad headers, no FF', () => {
    for (const bytes of [
      '81 01 04 3F 02 05 FF', // controller → camera 1 (passed back round a chain)
      '80 41 FF', // address 0 is the controller
      '98 41 FF', // broadcast bit set
      '90 41', // no terminator
      'FF',
      '',
      '90 42 00 FF', // ACK with data
      '90 60 FF', // error without a code
      '88 30 00 FF',
      '88 30 09 FF',
      '88 02 FF',
    ]) {
      expect(decode(h(bytes)), bytes).toEqual({ type: 'unknown', bytes: [...h(bytes)] });
    }
  });

  it('power inquiry data: 02 on, 03 standby, 04 power error', () => {
    expect(decodePower([0x02])).toBe('on');
    expect(decodePower([0x03])).toBe('standby');
    expect(decodePower([0x04])).toBe('power_error');
    expect(decodePower([0x05])).toBeUndefined();
    expect(decodePower([0x02, 0x02])).toBeUndefined();
  });

  it('control payloads: RESET ACK 01, ERROR 0F 01 / 0F 02', () => {
    expect(decodeControl(h('01'))).toEqual({ type: 'reset_ack' });
    expect(decodeControl(h('0F 01'))).toEqual({ type: 'sequence_error' });
    expect(decodeControl(h('0F 02'))).toEqual({ type: 'message_error' });
    expect(decodeControl(h('0F 03'))).toEqual({ type: 'unknown', bytes: [0x0f, 0x03] });
    expect(decodeControl(h('02'))).toEqual({ type: 'unknown', bytes: [0x02] });
  });
});
