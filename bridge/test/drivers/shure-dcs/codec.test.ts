// Level 0: the Shure DCS codec against strings copied from the fact sheet
// (shared/protocols/conference-systems.md, "Shure DCS 6000 / DDS 5900 / DIS-CCU").
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import { decode, encode, type ShureCommand } from '../../../src/drivers/shure-dcs/codec.ts';

describe('encode (host → unit, ended by CR)', () => {
  const fixtures: [ShureCommand, string][] = [
    [{ type: 'mic_on', seat: 12 }, 'mic_on 12\r'],
    [{ type: 'mic_off', seat: 1 }, 'mic_off 1\r'],
    [{ type: 'mic_request_on', seat: 65535 }, 'mic_request_on 65535\r'],
    [{ type: 'mic_request_off', seat: 7 }, 'mic_request_off 7\r'],
    [{ type: 'mic_all_delegates_off' }, 'mic_all_delegates_off\r'],
    [{ type: 'mic_all_requests_off' }, 'mic_all_requests_off\r'],
    [{ type: 'mic_next_on' }, 'mic_next_on\r'],
    [{ type: 'max_speakers', value: 1 }, 'max_speakers 1\r'],
    [{ type: 'max_speakers', value: 8 }, 'max_speakers 8\r'],
    [{ type: 'max_total_speakers', value: 8 }, 'max_total_speakers 8\r'],
    [{ type: 'max_requests', value: 0 }, 'max_requests 0\r'],
    [{ type: 'max_requests', value: 250 }, 'max_requests 250\r'],
    [{ type: 'loudspeaker_volume', value: -41 }, 'loudspeaker_volume -41\r'],
    [{ type: 'loudspeaker_volume', value: 0 }, 'loudspeaker_volume 0\r'],
    [{ type: 'mic_mode', mode: 'auto' }, 'mic_mode auto\r'],
    [{ type: 'mic_mode', mode: 'fifo' }, 'mic_mode fifo\r'],
    [{ type: 'mic_mode', mode: 'manual' }, 'mic_mode manual\r'],
    [{ type: 'mic_mode', mode: 'vox' }, 'mic_mode vox\r'],
    [{ type: 'mic_interrupt', on: true }, 'mic_interrupt on\r'],
    [{ type: 'mic_interrupt', on: false }, 'mic_interrupt off\r'],
    [{ type: 'mic_status' }, 'mic_status\r'],
    [{ type: 'voting_status' }, 'voting_status\r'],
    [{ type: 'start_voting', config: 2 }, 'start_voting 2\r'],
    [{ type: 'stop_voting' }, 'stop_voting\r'],
    [{ type: 'cancel_voting' }, 'cancel_voting\r'],
  ];
  it.each(fixtures)('%j → %j', (cmd, wire) => {
    expect(encode(cmd)).toEqual(Buffer.from(wire, 'latin1'));
  });

  it('uses another line end when configured', () => {
    expect(encode({ type: 'mic_on', seat: 3 }, { eol: '\r\n' }).toString('latin1')).toBe('mic_on 3\r\n');
  });

  const bad: unknown[] = [
    { type: 'mic_on', seat: 0 },
    { type: 'mic_on', seat: 65536 },
    { type: 'mic_off', seat: 1.5 },
    { type: 'mic_request_on', seat: '12' },
    { type: 'mic_request_off' },
    { type: 'max_speakers', value: 0 },
    { type: 'max_speakers', value: 9 },
    { type: 'max_total_speakers', value: 9 },
    { type: 'max_requests', value: -1 },
    { type: 'max_requests', value: 251 },
    { type: 'mic_mode', mode: 'open' },
    { type: 'mic_mode', mode: 'AUTO' },
    { type: 'mic_interrupt', on: 'on' },
    { type: 'start_voting', config: 0 },
    { type: 'start_voting', config: 256 },
    { type: 'toString', value: 1 },
    { type: 'loudspeaker_volume', value: -42 },
    { type: 'loudspeaker_volume', value: 1 },
    { type: 'mic_on 1\rmic_on', seat: 2 },
    {},
    null,
  ];
  it.each(bad)('rejects %j with E_BAD_COMMAND', (cmd) => {
    let error: unknown;
    try {
      encode(cmd as ShureCommand);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe('E_BAD_COMMAND');
  });
});

describe('decode (unit → host)', () => {
  const fixtures: [string, unknown][] = [
    ['mic_on 12', { type: 'mic_on', seat: 12 }],
    ['mic_off 12', { type: 'mic_off', seat: 12 }],
    ['mic_request_on 12', { type: 'mic_request_on', seat: 12 }],
    ['mic_request_off 12', { type: 'mic_request_off', seat: 12 }],
    ['MIC_ON 65535', { type: 'mic_on', seat: 65535 }],
    [
      'seat_number 3 active Jan de Vries',
      { type: 'seat_number', seat: 3, active: true, name: 'Jan de Vries' },
    ],
    [
      'SEAT_NUMBER 4 PASSIVE  Zoë  Müller ',
      { type: 'seat_number', seat: 4, active: false, name: 'Zoë  Müller' },
    ],
    ['seat_number 5 active', { type: 'seat_number', seat: 5, active: true, name: '' }],
    ['seat_state 9 passive', { type: 'seat_state', seat: 9, active: false }],
    ['seat_state 9 Active', { type: 'seat_state', seat: 9, active: true }],
    ['mic_status_done', { type: 'mic_status_done' }],
    ['max_speakers 4', { type: 'setting', name: 'max_speakers', value: 4 }],
    ['max_total_speakers 8', { type: 'setting', name: 'max_total_speakers', value: 8 }],
    ['max_requests 250', { type: 'setting', name: 'max_requests', value: 250 }],
    ['max_speakers 12', { type: 'setting', name: 'max_speakers', value: 12 }],
    ['loudspeaker_volume -41', { type: 'setting', name: 'loudspeaker_volume', value: -41 }],
    ['mic_mode FIFO', { type: 'mic_mode', mode: 'fifo' }],
    ['mic_interrupt on', { type: 'mic_interrupt', on: true }],
    ['mic_interrupt OFF', { type: 'mic_interrupt', on: false }],
    [
      'command_error unknown command',
      { type: 'command_error', reason: 'unknown_command', text: 'unknown command' },
    ],
    ['command_error syntax error', { type: 'command_error', reason: 'syntax_error', text: 'syntax error' }],
    ['Command_Error Syntax  Error', { type: 'command_error', reason: 'syntax_error', text: 'Syntax  Error' }],
    ['command_error buffer full', { type: 'command_error', reason: 'other', text: 'buffer full' }],
    [
      'voting_configuration 1 3-button voting',
      { type: 'voting_configuration', config: 1, name: '3-button voting' },
    ],
    [
      'voting_configuration 2 3-button secret voting',
      { type: 'voting_configuration', config: 2, name: '3-button secret voting' },
    ],
    ['voting_status_done', { type: 'voting_status_done' }],
    ['voting_started 2', { type: 'voting_started', config: 2 }],
    ['interim_voting_result 1 5 Yes', { type: 'interim_voting_result', index: 1, count: 5, label: 'Yes' }],
    ['voting_stopped', { type: 'voting_stopped' }],
    ['final_voting_result 3 0 No', { type: 'final_voting_result', index: 3, count: 0, label: 'No' }],
    [
      'final_voting_result 2 1 Not voted',
      { type: 'final_voting_result', index: 2, count: 1, label: 'Not voted' },
    ],
    ['voting_cancelled', { type: 'voting_cancelled' }],
    ['  mic_on 12  ', { type: 'mic_on', seat: 12 }],
    ['mic_on\t12', { type: 'mic_on', seat: 12 }],
  ];
  it.each(fixtures)('%j', (line, message) => {
    expect(decode(line)).toEqual(message);
  });

  const unknown = [
    'hello',
    '',
    'mic_on',
    'mic_on 0',
    'mic_on 65536',
    'mic_on 12 13',
    'mic_on twelve',
    'mic_on -1',
    'seat_number x active A',
    'seat_number 3 maybe A',
    'seat_state 3',
    'mic_mode open',
    'mic_interrupt yes',
    'max_speakers four',
    'mic_status_done now',
    'voting_started',
    'interim_voting_result 1 x Yes',
    'interim_voting_result 1 5',
    'voting_configuration one 3-button voting',
    'start_attendance_check',
  ];
  it.each(unknown)('%j → unknown (protocol noise, not an error)', (line) => {
    expect(decode(line)).toEqual({ type: 'unknown', line });
  });

  it('decodes what it encodes for the commands the unit echoes', () => {
    for (const cmd of [
      { type: 'mic_on', seat: 42 },
      { type: 'mic_request_off', seat: 7 },
      { type: 'mic_mode', mode: 'vox' },
      { type: 'mic_interrupt', on: true },
    ] as ShureCommand[]) {
      expect(decode(encode(cmd).toString('latin1').trimEnd())).toEqual(cmd);
    }
  });
});
