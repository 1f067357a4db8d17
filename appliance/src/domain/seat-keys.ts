// What a key pressed on a seat unit means (seat-unit-mqtt.md, "Unit → appliance"). Pure.
import type { RoomCommand, RoomState } from './room.ts';

export type KeyName =
  | 'speak'
  | 'yes'
  | 'no'
  | 'abstain'
  | 'present'
  | 'priority'
  | 'next'
  | 'clear'
  | 'alloff'
  | 'vote'
  | 'card';

export type KeyMeaning =
  | { ok: true; command: RoomCommand | null }
  | { ok: false; code: 'E_NOT_CHAIR'; message: string };

const CHAIR_KEYS = new Set<KeyName>(['priority', 'next', 'clear', 'alloff', 'vote']);

export function keyToCommand(
  s: RoomState,
  seat: number,
  key: KeyName,
  action: 'press' | 'release',
): KeyMeaning {
  if (key === 'speak') return { ok: true, command: { type: 'speak', seat, action } };
  // Every other key acts on press; a release carries no meaning for it.
  if (action === 'release') return { ok: true, command: null };
  if (CHAIR_KEYS.has(key) && !s.floor.chairSeats.includes(seat)) {
    return { ok: false, code: 'E_NOT_CHAIR', message: `the ${key} key works on chair seats only` };
  }
  switch (key) {
    case 'yes':
    case 'no':
    case 'abstain':
      return { ok: true, command: { type: 'cast', seat, choice: key } };
    case 'present':
      return { ok: true, command: { type: 'present', seat, via: 'unit' } };
    case 'priority':
      return { ok: true, command: { type: 'priority', seat } };
    case 'next':
    case 'clear':
    case 'alloff':
      return { ok: true, command: { type: key } };
    case 'vote':
      // The chair's one vote key: start a quick vote when none is open, close the open one otherwise.
      return {
        ok: true,
        command: s.vote?.state === 'open' ? { type: 'close' } : { type: 'open', secret: false },
      };
    case 'card':
      // Identification cards attach a person to a seat once meetings have people (a later issue).
      return { ok: true, command: null };
  }
}
