// R-VOTE-1 (open / secret), R-VOTE-2 (keypads and tablets), R-VOTE-6 (live tally).
import { describe, expect, it } from 'vitest';
import {
  applyRoom,
  decideRoom,
  initialRoom,
  type RoomCommand,
  type RoomState,
} from '../../src/domain/room.ts';
import { keyToCommand } from '../../src/domain/seat-keys.ts';
import { roomDisplay, unitState } from '../../src/domain/views.ts';

const seats = Array.from({ length: 10 }, (_, i) => ({
  seat: i + 1,
  role: i === 0 ? ('chair' as const) : ('delegate' as const),
  label: `S${i + 1}`,
  unit: `u-${i + 1}`,
}));

function room(entitlement: 'all' | 'present' = 'all'): RoomState {
  return initialRoom({
    roomId: 'r',
    name: 'R',
    seats,
    floor: { mode: 'request', maxOpen: 2 },
    voteEntitlement: entitlement,
  });
}

let ids = 0;
function run(s: RoomState, c: RoomCommand): RoomState {
  const d = decideRoom(s, c, { newId: () => `v${++ids}` });
  if (!d.ok) throw new Error(`${c.type} refused: ${d.code}`);
  for (const e of d.events) s = applyRoom(s, e, 1, c.type === 'cast' ? c.seat : undefined);
  return s;
}
function refusal(s: RoomState, c: RoomCommand): string {
  const d = decideRoom(s, c, { newId: () => 'x' });
  return d.ok ? 'accepted' : d.code;
}

describe('quick vote', () => {
  it('counts one ballot per seat, refuses a second, and counts the not-voted', () => {
    let s = run(room(), { type: 'open', secret: false });
    s = run(s, { type: 'cast', seat: 2, choice: 'yes' });
    s = run(s, { type: 'cast', seat: 3, choice: 'no' });
    s = run(s, { type: 'cast', seat: 1, choice: 'abstain' }); // the chair votes too
    expect(refusal(s, { type: 'cast', seat: 2, choice: 'no' })).toBe('E_ALREADY_VOTED');
    expect(roomDisplay(s).vote?.counts).toEqual({ yes: 1, no: 1, abstain: 1, not_voted: 7 });
    s = run(s, { type: 'close' });
    expect(roomDisplay(s).vote).toMatchObject({
      state: 'closed',
      counts: { yes: 1, no: 1, abstain: 1, not_voted: 7 },
    });
    expect(refusal(s, { type: 'cast', seat: 4, choice: 'yes' })).toBe('E_NO_VOTE');
  });

  it('refuses a second open vote, an unknown seat and closing when nothing is open', () => {
    const s = run(room(), { type: 'open', secret: false });
    expect(refusal(s, { type: 'open', secret: false })).toBe('E_VOTE_OPEN');
    expect(refusal(s, { type: 'cast', seat: 99, choice: 'yes' })).toBe('E_UNKNOWN_SEAT');
    expect(refusal(room(), { type: 'close' })).toBe('E_NO_VOTE');
  });

  it('names quick votes in order', () => {
    let s = run(room(), { type: 'open', secret: false });
    s = run(s, { type: 'close' });
    s = run(s, { type: 'open', secret: false });
    expect(s.vote?.title).toBe('Biểu quyết nhanh 2');
  });

  it('a secret vote shows only the number cast on the display, and the own choice on the unit', () => {
    let s = run(room(), { type: 'open', secret: true });
    const d = decideRoom(s, { type: 'cast', seat: 4, choice: 'no' }, { newId: () => 'x' });
    if (!d.ok) throw new Error('refused');
    // The fact that carries the choice names no seat; the one that names the seat carries no choice.
    expect(d.events).toEqual([
      { type: 'vote.voted', voteId: s.vote!.id, seat: 4 },
      { type: 'vote.secret_ballot', voteId: s.vote!.id, choice: 'no' },
    ]);
    for (const e of d.events) s = applyRoom(s, e, 1, 4);
    expect(roomDisplay(s).vote?.counts).toEqual({ cast: 1 });
    expect(unitState(s, 4).vote).toEqual({ open: true, choice: 'no', secret: true, cast: true });
    expect(unitState(s, 5).vote).toEqual({ open: true, choice: null, secret: true });
    s = run(s, { type: 'close' });
    expect(roomDisplay(s).vote?.counts).toEqual({ yes: 0, no: 1, abstain: 0, not_voted: 9 });
  });

  it('with entitlement "present", only present seats may vote and not-voted counts them only', () => {
    let s = run(room('present'), { type: 'present', seat: 2, via: 'unit' });
    s = run(s, { type: 'present', seat: 3, via: 'tablet' });
    s = run(s, { type: 'open', secret: false });
    expect(refusal(s, { type: 'cast', seat: 4, choice: 'yes' })).toBe('E_NOT_ENTITLED');
    s = run(s, { type: 'cast', seat: 2, choice: 'yes' });
    expect(roomDisplay(s).vote?.counts).toEqual({ yes: 1, no: 0, abstain: 0, not_voted: 1 });
    expect(unitState(s, 4).vote).toBeNull();
  });
});

describe('seat keys', () => {
  it('maps vote keys to ballots and the chair vote key to open, then close', () => {
    let s = room();
    const k = keyToCommand(s, 1, 'vote', 'press');
    expect(k).toEqual({ ok: true, command: { type: 'open', secret: false } });
    s = run(s, { type: 'open', secret: false });
    expect(keyToCommand(s, 1, 'vote', 'press')).toEqual({ ok: true, command: { type: 'close' } });
    expect(keyToCommand(s, 3, 'yes', 'press')).toEqual({
      ok: true,
      command: { type: 'cast', seat: 3, choice: 'yes' },
    });
    expect(keyToCommand(s, 3, 'yes', 'release')).toEqual({ ok: true, command: null });
  });

  it('refuses chair keys from delegate seats', () => {
    for (const key of ['vote', 'next', 'clear', 'alloff', 'priority'] as const) {
      expect(keyToCommand(room(), 5, key, 'press')).toMatchObject({ ok: false, code: 'E_NOT_CHAIR' });
    }
  });
});

describe('roll call', () => {
  it('present keys mark seats present once; reset clears', () => {
    let s = run(room(), { type: 'present', seat: 2, via: 'unit' });
    const again = decideRoom(s, { type: 'present', seat: 2, via: 'unit' }, { newId: () => 'x' });
    expect(again).toEqual({ ok: true, events: [] });
    s = run(s, { type: 'present', seat: 5, via: 'secretary' });
    expect(roomDisplay(s)).toMatchObject({ present: 2, expected: 10 });
    expect(unitState(s, 5).present).toBe(true);
    s = run(s, { type: 'absent', seat: 5, via: 'secretary' });
    expect(unitState(s, 5).present).toBe(false);
    s = run(s, { type: 'rollcall.reset' });
    expect(roomDisplay(s).present).toBe(0);
  });
});

describe('votes on conference-system keypads (issue 3: hardware voting feeds the room vote)', () => {
  const ctx = (keypads: number[]) => ({ newId: () => `k${++ids}`, keypadSeats: () => keypads });
  function open(s: RoomState, keypads: number[], secret = false): RoomState {
    const d = decideRoom(s, { type: 'open', secret }, ctx(keypads));
    if (!d.ok) throw new Error(d.code);
    for (const e of d.events) s = applyRoom(s, e, 1);
    return s;
  }
  const tallyCmd = (s: RoomState, t: Partial<{ yes: number; no: number; abstain: number; final: boolean }>) =>
    ({
      type: 'device_tally',
      voteId: s.vote!.id,
      device: 'dcs',
      yes: 0,
      no: 0,
      abstain: 0,
      final: false,
      ...t,
    }) as RoomCommand;

  it('adds device totals to the tablet ballots; keypad seats cannot also vote on a tablet', () => {
    // Seats 6..10 (and 99, not in the plan: ignored) sit at the conference system.
    let s = open(room(), [6, 7, 8, 9, 10, 99]);
    expect(s.vote!.keypads).toEqual([6, 7, 8, 9, 10]);
    s = run(s, { type: 'cast', seat: 2, choice: 'yes' });
    expect(refusal(s, { type: 'cast', seat: 7, choice: 'no' })).toBe('E_USE_KEYPAD');
    s = run(s, tallyCmd(s, { yes: 2, no: 1 }));
    // 10 entitled: 1 tablet ballot + 3 keypad totals; not voted: 4 tablet seats + 2 keypad seats.
    expect(roomDisplay(s).vote?.counts).toEqual({ yes: 3, no: 1, abstain: 0, not_voted: 6 });
    s = run(s, tallyCmd(s, { yes: 3, no: 1, abstain: 1 })); // the latest totals replace, not add
    expect(roomDisplay(s).vote?.counts).toEqual({ yes: 4, no: 1, abstain: 1, not_voted: 4 });
    // The same totals again are nothing new.
    expect(decideRoom(s, tallyCmd(s, { yes: 3, no: 1, abstain: 1 }), ctx([]))).toEqual({
      ok: true,
      events: [],
    });
  });

  it('final totals that arrive after the room closed correct the result, once', () => {
    let s = open(room(), [9, 10]);
    s = run(s, tallyCmd(s, { yes: 1 }));
    s = run(s, { type: 'close' });
    expect(s.vote!.result).toEqual({ yes: 1, no: 0, abstain: 0, not_voted: 9 });
    // A late interim count is stale; the final one counts.
    expect(decideRoom(s, tallyCmd(s, { yes: 2 }), ctx([]))).toEqual({ ok: true, events: [] });
    s = run(s, tallyCmd(s, { yes: 1, no: 1, final: true }));
    expect(s.vote!.result).toEqual({ yes: 1, no: 1, abstain: 0, not_voted: 8 });
    expect(roomDisplay(s).vote?.counts).toEqual(s.vote!.result);
    expect(decideRoom(s, tallyCmd(s, { yes: 2, final: true }), ctx([]))).toEqual({ ok: true, events: [] });
  });

  it('an open secret vote shows only how many voted, keypads included', () => {
    let s = open(room(), [10], true);
    s = run(s, { type: 'cast', seat: 2, choice: 'no' });
    s = run(s, tallyCmd(s, { abstain: 1 }));
    expect(roomDisplay(s).vote?.counts).toEqual({ cast: 2 });
  });

  it('refuses totals for another vote or that are not counts', () => {
    const s = open(room(), [10]);
    expect(refusal(s, { ...tallyCmd(s, {}), voteId: 'other' } as RoomCommand)).toBe('E_NO_VOTE');
    expect(refusal(s, tallyCmd(s, { yes: -1 }))).toBe('E_BAD_VOTE');
    expect(refusal(s, tallyCmd(s, { no: 1.5 }))).toBe('E_BAD_VOTE');
  });
});
