// R-ROOM-2, R-HW-1: the floor engine, every mode and chair action.
import { describe, expect, it } from 'vitest';
import {
  applyFloor,
  decideFloor,
  type FloorCommand,
  type FloorMode,
  type FloorState,
  initialFloor,
  seatMic,
} from '../../src/domain/floor.ts';

const CHAIR = 1;

function room(mode: FloorMode, maxOpen = 2): FloorState {
  return initialFloor({ mode, maxOpen }, [CHAIR]);
}

/** Runs commands, failing the test on a refusal; returns the final state. */
function run(s: FloorState, ...cmds: FloorCommand[]): FloorState {
  let t = 0;
  for (const c of cmds) {
    const d = decideFloor(s, c);
    if (!d.ok) throw new Error(`${c.type} refused: ${d.code}`);
    for (const e of d.events) s = applyFloor(s, e, ++t);
  }
  return s;
}

const press = (seat: number): FloorCommand => ({ type: 'speak', seat, action: 'press' });
const release = (seat: number): FloorCommand => ({ type: 'speak', seat, action: 'release' });
const speakers = (s: FloorState) => s.speakers.map((x) => x.seat);
const requests = (s: FloorState) => s.requests.map((x) => x.seat);

describe('request mode', () => {
  it('queues presses in FIFO order and opens nothing by itself', () => {
    const s = run(room('request'), press(5), press(3), press(9));
    expect(requests(s)).toEqual([5, 3, 9]);
    expect(speakers(s)).toEqual([]);
    expect(seatMic(s, 3)).toBe('requesting');
  });

  it('a second press cancels one’s own request; a press while speaking ends the speech', () => {
    let s = run(room('request'), press(5), press(5));
    expect(requests(s)).toEqual([]);
    s = run(s, press(5), { type: 'grant', seat: 5 }, press(5));
    expect(speakers(s)).toEqual([]);
    expect(seatMic(s, 5)).toBe('off');
  });

  it('next gives the floor to the first request, and closes the longest speaker when full', () => {
    let s = run(room('request', 1), press(5), press(6), { type: 'next' });
    expect(speakers(s)).toEqual([5]);
    expect(requests(s)).toEqual([6]);
    s = run(s, { type: 'next' });
    expect(speakers(s)).toEqual([6]);
    expect(requests(s)).toEqual([]);
  });

  it('grant beyond max open mics is refused with E_FLOOR_FULL; the chair is not counted', () => {
    const s = run(room('request', 1), press(CHAIR), press(5), press(6), { type: 'grant', seat: 5 });
    expect(speakers(s)).toEqual([CHAIR, 5]);
    const d = decideFloor(s, { type: 'grant', seat: 6 });
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.code).toBe('E_FLOOR_FULL');
  });

  it('deny removes a request; deny of a seat not requesting is refused', () => {
    const s = run(room('request'), press(5), { type: 'deny', seat: 5 });
    expect(requests(s)).toEqual([]);
    const d = decideFloor(s, { type: 'deny', seat: 5 });
    expect(d.ok ? 'ok' : d.code).toBe('E_NOT_REQUESTING');
  });

  it('a freed place is not given away without the chair', () => {
    const s = run(
      room('request', 1),
      press(5),
      press(6),
      { type: 'grant', seat: 5 },
      { type: 'end', seat: 5 },
    );
    expect(speakers(s)).toEqual([]);
    expect(requests(s)).toEqual([6]);
  });
});

describe('open mode', () => {
  it('a press opens the mic when there is room, else queues; a freed place goes to the first request', () => {
    let s = run(room('open', 2), press(2), press(3), press(4), press(5));
    expect(speakers(s)).toEqual([2, 3]);
    expect(requests(s)).toEqual([4, 5]);
    s = run(s, press(2));
    expect(speakers(s)).toEqual([3, 4]);
    expect(requests(s)).toEqual([5]);
  });

  it('all delegates off closes every delegate and keeps the chair; waiting seats stay waiting', () => {
    const s = run(room('open', 1), press(CHAIR), press(2), press(3), { type: 'alloff' });
    // The chair asked for silence: a freed place is not handed to the queue by all-off.
    expect(speakers(s)).toEqual([CHAIR]);
    expect(requests(s)).toEqual([3]);
  });
});

describe('override mode', () => {
  it('when full, a press closes the longest-open delegate mic', () => {
    const s = run(room('override', 2), press(2), press(3), press(4));
    expect(speakers(s)).toEqual([3, 4]);
    expect(requests(s)).toEqual([]);
  });

  it('the chair grant in override mode also replaces the longest speaker', () => {
    const s = run(room('override', 1), press(2), { type: 'grant', seat: 3 });
    expect(speakers(s)).toEqual([3]);
  });
});

describe('push-to-talk mode', () => {
  it('press opens, release closes, a full room refuses', () => {
    let s = run(room('ptt', 1), press(2));
    expect(speakers(s)).toEqual([2]);
    const d = decideFloor(s, press(3));
    expect(d.ok ? 'ok' : d.code).toBe('E_FLOOR_FULL');
    s = run(s, release(2));
    expect(speakers(s)).toEqual([]);
  });

  it('release is ignored in other modes', () => {
    const s = run(room('open', 2), press(2), release(2));
    expect(speakers(s)).toEqual([2]);
  });
});

describe('voice mode', () => {
  it('behaves like open for key presses (the hardware opens mics on voice)', () => {
    const s = run(room('voice', 1), press(2), press(3));
    expect(speakers(s)).toEqual([2]);
    expect(requests(s)).toEqual([3]);
  });
});

describe('chair', () => {
  it('the chair’s own press toggles the chair mic regardless of the cap', () => {
    let s = run(room('request', 1), press(2), { type: 'grant', seat: 2 }, press(CHAIR));
    expect(speakers(s)).toEqual([2, CHAIR]);
    s = run(s, press(CHAIR));
    expect(speakers(s)).toEqual([2]);
  });

  it('priority opens the chair mic and mutes every delegate; off unmutes', () => {
    let s = run(room('open', 3), press(2), press(3), { type: 'priority', seat: CHAIR });
    expect(seatMic(s, CHAIR)).toBe('on');
    expect(seatMic(s, 2)).toBe('muted');
    expect(seatMic(s, 3)).toBe('muted');
    s = run(s, { type: 'priority', seat: CHAIR });
    expect(seatMic(s, 2)).toBe('on');
    expect(s.priority.on).toBe(false);
  });

  it('priority from a delegate seat is refused', () => {
    const d = decideFloor(room('open'), { type: 'priority', seat: 2 });
    expect(d.ok ? 'ok' : d.code).toBe('E_NOT_CHAIR');
  });

  it('the chair ending their own mic ends priority', () => {
    const s = run(room('open', 3), press(2), { type: 'priority', seat: CHAIR }, press(CHAIR));
    expect(s.priority.on).toBe(false);
    expect(seatMic(s, 2)).toBe('on');
  });

  it('clear drops every request; next with no request is refused', () => {
    const s = run(room('request'), press(2), press(3), { type: 'clear' });
    expect(requests(s)).toEqual([]);
    const d = decideFloor(s, { type: 'next' });
    expect(d.ok ? 'ok' : d.code).toBe('E_NO_REQUESTS');
  });

  it('settings change the mode and cap; a higher cap in open mode advances waiting seats', () => {
    let s = run(room('open', 1), press(2), press(3));
    expect(requests(s)).toEqual([3]);
    s = run(s, { type: 'settings', mode: 'open', maxOpen: 2 });
    expect(speakers(s)).toEqual([2, 3]);
    const d = decideFloor(s, { type: 'settings', mode: 'open', maxOpen: 0 });
    expect(d.ok ? 'ok' : d.code).toBe('E_BAD_SETTINGS');
  });

  it('speaking time starts when the mic opens', () => {
    let s = room('request');
    const d = decideFloor(s, press(4));
    if (!d.ok) throw new Error('refused');
    for (const e of d.events) s = applyFloor(s, e, 1000);
    const g = decideFloor(s, { type: 'grant', seat: 4 });
    if (!g.ok) throw new Error('refused');
    for (const e of g.events) s = applyFloor(s, e, 5000);
    expect(s.speakers).toEqual([{ seat: 4, since: 5000 }]);
  });
});
