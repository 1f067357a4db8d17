// The room as conference hardware sees it: the floor engine's state in the bridge's terms
// (bridge/src/contract/driver.ts). The domain does not import the bridge; this is the one place
// where the two vocabularies meet, and the compiler checks that they still agree.
import type { RoomFloor, RoomVote } from '@room/bridge';
import type { FloorState } from '../domain/floor.ts';
import type { VoteState } from '../domain/vote.ts';

export function roomFloorOf(f: FloorState): RoomFloor {
  return {
    speakers: f.speakers.map((s) => s.seat),
    requests: f.requests.map((r) => r.seat),
    chairSeats: [...f.chairSeats],
    priority: f.priority.on ? f.priority.seat : null,
    mode: f.settings.mode,
    maxOpen: f.settings.maxOpen,
  };
}

export function roomVoteOf(v: VoteState | null): RoomVote | null {
  return v ? { id: v.id, state: v.state, secret: v.secret } : null;
}
