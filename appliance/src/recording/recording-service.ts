// Recording and transcription of the meeting in progress, as facts (issue 5, R-ROOM-4): the
// recording follows the meeting (domain/recording.ts), the chair pauses and resumes it, and every
// change is an event in the log with its actor, so pauses are on the record and the room view
// (chair console, wall display) shows the recording indicator. The audio itself (ffmpeg capture,
// the whisper worker) attaches through `RecordingSink`: it is told what the facts say, and its
// troubles (device lost, disk full) never change them — a meeting is never stopped by a recorder.
import { EventEmitter } from 'node:events';
import type { Meeting } from '../domain/meeting.ts';
import {
  applyRecording,
  decideRecording,
  type MeetingFacts,
  NO_RECORDING,
  type RecordingCommand,
  type RecordingDecision,
  type RecordingEvent,
  type RecordingState,
} from '../domain/recording.ts';
import type { MeetingService } from '../meetings/meeting-service.ts';
import type { EventLog, LoggedEvent } from '../store/event-log.ts';

/** What carries out the recording (the ffmpeg recorder and the transcriber, issue 5). */
export interface RecordingSink {
  start(meetingId: string): void;
  pause(meetingId: string): void;
  resume(meetingId: string): void;
  stop(meetingId: string): void;
}

type Events = {
  changed: [RecordingState];
  /** The recording's facts as the log stored them (the transcript's timeline follows them). */
  logged: [LoggedEvent[]];
};

const facts = (m: Meeting): MeetingFacts => ({
  id: m.id,
  secret: m.fields.secret === true,
  status: m.status === 'in_progress' ? 'in_progress' : m.status === 'paused' ? 'paused' : 'other',
});

export class RecordingService extends EventEmitter<Events> {
  #log: EventLog;
  #meetings: MeetingService;
  #state: RecordingState = NO_RECORDING;
  #now: () => number;
  #sinks: RecordingSink[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(o: { log: EventLog; meetings: MeetingService; now?: () => number }) {
    super();
    this.#log = o.log;
    this.#meetings = o.meetings;
    this.#now = o.now ?? Date.now;
    for (const e of o.log.readTypes(['recording.'])) {
      this.#state = applyRecording(this.#state, { type: e.type, ...e.payload } as RecordingEvent, e.at);
    }
    // The meeting that changed may be one that just ended: `current()` is then null and we stop.
    // The step's actor (the chair who started, paused or ended it) is the recording's too.
    o.meetings.on(
      'changed',
      (_m, events) => void this.#follow(events[0] ? `person:${events[0].by}` : 'appliance'),
    );
  }

  get state(): RecordingState {
    return this.#state;
  }

  /** Attaches the recorder; it is brought to the state the facts say at once. */
  attach(sink: RecordingSink): void {
    this.#sinks.push(sink);
    const s = this.#state;
    if (s.meetingId && s.status !== 'off') {
      sink.start(s.meetingId);
      if (s.status === 'paused') sink.pause(s.meetingId);
    }
  }

  /** After a restart: bring the recording in line with the meeting in progress (or none). */
  reconcile(): Promise<RecordingDecision> {
    return this.#follow('appliance');
  }

  #follow(actor: string): Promise<RecordingDecision> {
    const live = this.#meetings.current();
    return this.#run(live ? { type: 'follow', meeting: facts(live) } : { type: 'stop' }, actor);
  }

  /** The chair pauses recording and transcription (R-ROOM-4). */
  pause(actor: string): Promise<RecordingDecision> {
    return this.#run({ type: 'pause' }, actor);
  }

  /** The chair resumes them; refused for a secret meeting (R-MTG-4). */
  resume(actor: string): Promise<RecordingDecision> {
    const live = this.#meetings.current();
    if (!live) return Promise.resolve({ ok: false, code: 'E_NO_MEETING', message: 'no meeting in progress' });
    return this.#run({ type: 'resume', meeting: facts(live) }, actor);
  }

  #run(c: RecordingCommand, actor: string): Promise<RecordingDecision> {
    const next = this.#queue.then(() => this.#decide(c, actor));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #decide(c: RecordingCommand, actor: string): Promise<RecordingDecision> {
    const d = decideRecording(this.#state, c);
    if (!d.ok || d.events.length === 0) return d;
    const at = this.#now();
    const logged = await this.#log.append(
      d.events.map(({ type, ...payload }) => ({ at, type, actor, meetingId: payload.meetingId, payload })),
    );
    for (const e of d.events) {
      this.#state = applyRecording(this.#state, e, at);
      for (const sink of this.#sinks) {
        try {
          if (e.type === 'recording.started') sink.start(e.meetingId);
          else if (e.type === 'recording.paused') sink.pause(e.meetingId);
          else if (e.type === 'recording.resumed') sink.resume(e.meetingId);
          else sink.stop(e.meetingId);
        } catch {
          // A recorder's failure is its own status (technician page), never the meeting's.
        }
      }
    }
    this.emit('changed', this.#state);
    this.emit('logged', logged);
    return d;
  }
}
