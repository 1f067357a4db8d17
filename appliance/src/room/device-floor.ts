// The room and its devices as one floor (issue 3): the floor engine's state in the bridge's terms
// (bridge/src/contract/driver.ts), and the devices' presses and keypad totals back into the room.
// The domain does not import the bridge; this is the one place where the two vocabularies meet,
// and the compiler checks that they still agree.
import type { DeviceManager, RoomFloor, RoomVote } from '@room/bridge';
import type { FloorState } from '../domain/floor.ts';
import type { VoteState } from '../domain/vote.ts';
import type { Audit } from '../http/app-types.ts';
import type { Logger, RoomController } from './room-controller.ts';

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

/**
 * Wires a room to its devices, before `devices.start()`: every device gets the floor and vote now
 * and on every change; presses go through the same path as the seat units'; keypad totals become
 * `vote.device_tally`; alarms go into the event log (they are part of the meeting's record).
 */
export function connectDevices(
  room: RoomController,
  devices: DeviceManager,
  audit: Audit,
  log: Logger,
): void {
  room.on('floor', (floor) => devices.floor(roomFloorOf(floor)));
  room.on('vote', (vote) => devices.vote(roomVoteOf(vote)));
  devices.on('seat.input', (input) => {
    // A bug in handling one press must cost that press, never the process.
    room.handleSeatInput(input).catch((err) => log.error({ err, input }, 'seat input failed'));
  });
  devices.on('vote.tally', ({ device, voteId, yes, no, abstain, final }) => {
    room
      .dispatch({ type: 'device_tally', voteId, device, yes, no, abstain, final }, `device:${device}`)
      .then((r) => {
        if (!r.ok) log.warn({ device, code: r.code, message: r.message }, 'device tally refused');
      })
      .catch((err) => log.error({ err, device }, 'device tally failed'));
  });
  const record = (type: string, device: string, payload: Record<string, unknown>) =>
    void audit({ type, actor: `device:${device}`, payload: { device, ...payload } }).catch((err) =>
      log.error({ err, device }, 'device alarm not recorded'),
    );
  devices.on('alarm', ({ device, ...alarm }) => record('device.alarm', device, alarm));
  devices.on('alarm.cleared', ({ device, ...c }) => record('device.alarm_cleared', device, c));
  devices.floor(roomFloorOf(room.state.floor));
  if (room.state.vote?.state === 'open') devices.vote(roomVoteOf(room.state.vote));
}
