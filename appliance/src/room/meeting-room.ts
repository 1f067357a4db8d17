// The meeting in progress and the room (issue 4, R-ROOM-1, R-ATT-2): when the chair starts a
// meeting the room's roll call starts afresh and every seat unit shows the delegate seated there;
// floor, votes and roll call are recorded against the meeting and its agenda item; when it ends,
// an open vote is closed and every microphone goes off, so nothing said after the end is
// attributed to the meeting.
import { type Meeting, personAtSeat } from '../domain/meeting.ts';
import type { RoomCommand, RoomMeeting } from '../domain/room.ts';
import type { MeetingService } from '../meetings/meeting-service.ts';
import type { Directory } from '../people/directory.ts';
import type { Logger, RoomController } from './room-controller.ts';

export function roomMeetingOf(m: Meeting, directory: Directory): RoomMeeting {
  const seatNames = new Map<number, string>();
  for (const seat of Object.keys(m.seats).map(Number)) {
    const person = personAtSeat(m, seat);
    const name = person ? directory.person(person)?.fullName : undefined;
    if (name) seatNames.set(seat, name);
  }
  return {
    id: m.id,
    title: m.fields.title,
    status: m.status === 'paused' ? 'paused' : 'in_progress',
    secret: m.fields.secret === true,
    currentItem: m.currentItem,
    agenda: (m.fields.agenda ?? []).map((a) => ({ id: a.id, title: a.title })),
    seatNames,
  };
}

export function connectMeetings(
  room: RoomController,
  meetings: MeetingService,
  directory: Directory,
  logger?: Logger,
): void {
  const show = () => {
    const m = meetings.current();
    room.setMeeting(m ? roomMeetingOf(m, directory) : null);
  };
  const run = async (command: RoomCommand, actor: string) => {
    const r = await room.dispatch(command, actor);
    if (!r.ok && r.code === 'E_STORAGE')
      logger?.error({ command: command.type }, 'meeting room step not stored');
  };
  meetings.on('changed', (m, events) => {
    const types = new Set(events.map((e) => e.type));
    const actor = `person:${events[0]?.by ?? 'appliance'}`;
    void (async () => {
      if (types.has('meeting.started')) {
        show();
        await run({ type: 'rollcall.reset' }, actor);
        return;
      }
      if (types.has('meeting.ended') && room.state.meeting?.id === m.id) {
        if (room.state.vote?.state === 'open') await run({ type: 'close' }, actor);
        await run({ type: 'alloff' }, actor);
        await run({ type: 'clear' }, actor);
      }
      show();
    })().catch((err) => logger?.error({ err: String(err) }, 'meeting room update failed'));
  });
  show();
}
