// The meetings of this appliance: commands decided by the pure domain (domain/meeting.ts), facts
// appended to the one event log (with their meeting id), state rebuilt from the log at start.
// It also answers the permission check (who is what in which meeting) and tells the room which
// meeting is in progress, so floor, votes and roll call attach to it (issue 4).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  applyMeeting,
  decideMeeting,
  type Meeting,
  type MeetingCommand,
  type MeetingDecision,
  type MeetingEvent,
  type MeetingStatus,
  roleOf,
  seatOfPerson,
} from '../domain/meeting.ts';
import { checkNotice, type NoticeSettings } from '../domain/notice.ts';
import type { MeetingAccess } from '../http/app-types.ts';
import type { MeetingRole } from '../http/permissions.ts';
import type { EventLog, LoggedEvent } from '../store/event-log.ts';

/** A command as callers send it: the service adds the time, and the notice check for `publish`. */
export type MeetingRequest = MeetingCommand extends infer C
  ? C extends { type: 'publish' }
    ? Omit<C, 'at' | 'notice'>
    : C extends { type: string }
      ? Omit<C, 'at'>
      : never
  : never;

export type MeetingResult =
  | { ok: true; meeting: Meeting; events: MeetingEvent[] }
  | { ok: false; code: string; message: string };

/** Statuses in which the meeting is the room's current one. */
const LIVE: readonly MeetingStatus[] = ['in_progress', 'paused'];
/** Invitees, delegates and support see a meeting once it has gone out. */
const SENT: readonly MeetingStatus[] = ['published', 'in_progress', 'paused', 'ended', 'archived'];

export interface MeetingServiceOptions {
  log: EventLog;
  roomId: string;
  /** Seat numbers of this room's seat plan. */
  seats: ReadonlySet<number>;
  notice: NoticeSettings;
  /**
   * The unit a person administers, if they are a unit administrator: the administrator of an
   * invited unit sees the meeting and names who comes for the unit (R-ATT-1, R-ATT-3).
   */
  unitAdminOf?: (personId: string) => string | null;
  now?: () => number;
  newId?: () => string;
}

type Events = {
  /** A meeting changed (after its facts are on disk). */
  changed: [Meeting, MeetingEvent[]];
};

export class MeetingService extends EventEmitter<Events> implements MeetingAccess {
  #log: EventLog;
  #roomId: string;
  #seats: ReadonlySet<number>;
  #notice: NoticeSettings;
  #now: () => number;
  #newId: () => string;
  #unitAdminOf: (personId: string) => string | null;
  #meetings = new Map<string, Meeting>();
  /** One command at a time: decide, append, apply must not interleave for the same meeting. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(o: MeetingServiceOptions) {
    super();
    this.#log = o.log;
    this.#roomId = o.roomId;
    this.#seats = o.seats;
    this.#notice = o.notice;
    this.#now = o.now ?? Date.now;
    this.#newId = o.newId ?? randomUUID;
    this.#unitAdminOf = o.unitAdminOf ?? (() => null);
    for (const e of o.log.readTypes(['meeting.'])) this.#applyLogged(e);
  }

  get roomId(): string {
    return this.#roomId;
  }

  get notice(): NoticeSettings {
    return this.#notice;
  }

  #applyLogged(e: LoggedEvent): void {
    const event = { ...e.payload, type: e.type, meetingId: e.meetingId, at: e.at } as MeetingEvent;
    this.#meetings.set(event.meetingId, applyMeeting(this.#meetings.get(event.meetingId) ?? null, event));
  }

  get(id: string): Meeting | null {
    return this.#meetings.get(id) ?? null;
  }

  all(): Meeting[] {
    return [...this.#meetings.values()].sort((a, b) => (a.fields.startsAt ?? 0) - (b.fields.startsAt ?? 0));
  }

  /** The meeting in progress or paused in this room. */
  current(): Meeting | null {
    for (const m of this.#meetings.values())
      if (LIVE.includes(m.status) && m.fields.roomId === this.#roomId) return m;
    return null;
  }

  currentId(): string | null {
    return this.current()?.id ?? null;
  }

  /**
   * A person's roles in a meeting, as far as they may see it: a draft is its organiser's alone,
   * and invitees see a meeting once it is published.
   */
  rolesOf(meetingId: string, personId: string): ReadonlySet<MeetingRole> | null {
    const m = this.#meetings.get(meetingId);
    if (!m) return null;
    const roles = new Set<MeetingRole>(roleOf(m, personId));
    if ((m.fields.invitedPersons ?? []).includes(personId)) roles.add('invitee');
    const unit = this.#unitAdminOf(personId);
    if (unit && (m.fields.invitedUnits ?? []).includes(unit)) roles.add('unit_admin');
    if (m.status === 'draft') return roles.has('organiser') ? new Set(['organiser']) : new Set();
    if (!SENT.includes(m.status) && !(m.cancelled && m.published)) {
      // Submitted, approved, returned (or cancelled before it went out): the people preparing it.
      for (const r of ['delegate', 'invitee', 'support', 'unit_admin'] as const) roles.delete(r);
    }
    return roles;
  }

  seatOf(meetingId: string, personId: string): number | undefined {
    const m = this.#meetings.get(meetingId);
    return m ? (seatOfPerson(m, personId) ?? undefined) : undefined;
  }

  /** The meetings a person may see, newest start first. */
  visibleTo(personId: string, everything: boolean): Meeting[] {
    return this.all()
      .filter((m) => everything || (this.rolesOf(m.id, personId)?.size ?? 0) > 0)
      .reverse();
  }

  /** Registers a new meeting (R-MTG-2); the id is generated here. */
  create(by: string, fields: Extract<MeetingCommand, { type: 'create' }>['fields']): Promise<MeetingResult> {
    const id = this.#newId();
    return this.dispatch(id, { type: 'create', id, fields, by } as MeetingRequest);
  }

  dispatch(meetingId: string, request: MeetingRequest): Promise<MeetingResult> {
    const run = this.#queue.then(() => this.#dispatch(meetingId, request));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #dispatch(meetingId: string, request: MeetingRequest): Promise<MeetingResult> {
    const at = this.#now();
    const m = this.#meetings.get(meetingId) ?? null;
    if (!m && request.type !== 'create')
      return { ok: false, code: 'E_NOT_FOUND', message: `no meeting ${meetingId}` };
    let command: MeetingCommand;
    if (request.type === 'publish') {
      const f = m!.fields;
      command = { ...request, at, notice: checkNotice(f.kind, f.startsAt, at, this.#notice) };
    } else {
      command = { ...request, at } as MeetingCommand;
    }
    if (command.type === 'start' && m) {
      // One room, one meeting at a time; and a meeting is run in the room it was planned for.
      if (m.fields.roomId !== this.#roomId) {
        return {
          ok: false,
          code: 'E_OTHER_ROOM',
          message: `this meeting is planned for room ${m.fields.roomId}`,
        };
      }
      const live = this.current();
      if (live && live.id !== m.id) {
        return {
          ok: false,
          code: 'E_ROOM_BUSY',
          message: `“${live.fields.title}” is in progress in this room`,
        };
      }
    }
    const d: MeetingDecision = decideMeeting(m, command, { seats: this.#seats });
    if (!d.ok) return d;
    if (d.events.length === 0) return { ok: true, meeting: m!, events: [] };
    await this.#log.append(
      d.events.map((e) => {
        const { type, meetingId: mid, at: eat, ...payload } = e;
        return { at: eat, meetingId: mid, type, actor: `person:${e.by}`, payload };
      }),
    );
    let next = m;
    for (const e of d.events) next = applyMeeting(next, e);
    this.#meetings.set(next!.id, next!);
    this.emit('changed', next!, d.events);
    return { ok: true, meeting: next!, events: d.events };
  }
}
