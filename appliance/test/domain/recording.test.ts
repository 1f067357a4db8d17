// R-ROOM-4, R-MTG-4: every meeting is recorded except secret ones; the chair pauses and resumes.
import { describe, expect, it } from 'vitest';
import {
  applyRecording,
  decideRecording,
  type MeetingFacts,
  NO_RECORDING,
  type RecordingCommand,
  type RecordingState,
} from '../../src/domain/recording.ts';

const open: MeetingFacts = { id: 'm1', secret: false, status: 'in_progress' };
const paused: MeetingFacts = { ...open, status: 'paused' };
const secret: MeetingFacts = { id: 's1', secret: true, status: 'in_progress' };

/** Runs commands from a state; returns the state and every event type, or throws on a refusal. */
function run(commands: RecordingCommand[], s: RecordingState = NO_RECORDING) {
  const types: string[] = [];
  let t = 0;
  for (const c of commands) {
    const d = decideRecording(s, c);
    if (!d.ok) throw new Error(d.code);
    for (const e of d.events) {
      s = applyRecording(s, e, ++t);
      types.push(e.type + ('by' in e ? `:${e.by}` : ''));
    }
  }
  return { s, types };
}

describe('recording follows the meeting (R-ROOM-4)', () => {
  it('starts with the meeting, pauses and resumes with it, stops at the end', () => {
    const r = run([
      { type: 'follow', meeting: open },
      { type: 'follow', meeting: paused },
      { type: 'follow', meeting: open },
      { type: 'stop' },
    ]);
    expect(r.types).toEqual([
      'recording.started',
      'recording.paused:meeting',
      'recording.resumed',
      'recording.stopped',
    ]);
    expect(r.s).toEqual(NO_RECORDING);
  });

  it('a meeting started while paused (after a restart) is recorded paused', () => {
    expect(run([{ type: 'follow', meeting: paused }]).types).toEqual([
      'recording.started',
      'recording.paused:meeting',
    ]);
  });

  it('following the same state twice records nothing more', () => {
    expect(
      run([
        { type: 'follow', meeting: open },
        { type: 'follow', meeting: open },
      ]).types,
    ).toEqual(['recording.started']);
  });

  it('another meeting stops the first recording before starting its own', () => {
    const r = run([
      { type: 'follow', meeting: open },
      { type: 'follow', meeting: { ...open, id: 'm2' } },
    ]);
    expect(r.types).toEqual(['recording.started', 'recording.stopped', 'recording.started']);
    expect(r.s.meetingId).toBe('m2');
  });
});

describe('the chair pauses recording and transcription (R-ROOM-4)', () => {
  it('a chair pause holds across a meeting pause until the chair resumes', () => {
    const r = run([
      { type: 'follow', meeting: open },
      { type: 'pause' },
      { type: 'follow', meeting: paused },
      { type: 'follow', meeting: open },
    ]);
    expect(r.types).toEqual(['recording.started', 'recording.paused:chair']);
    expect(r.s).toMatchObject({ status: 'paused', heldByChair: true });
    const back = run([{ type: 'resume', meeting: open }], r.s);
    expect(back.types).toEqual(['recording.resumed']);
    expect(back.s).toMatchObject({ status: 'recording', heldByChair: false });
  });

  it('a chair pause during a meeting pause is remembered', () => {
    const r = run([
      { type: 'follow', meeting: open },
      { type: 'follow', meeting: paused },
      { type: 'pause' },
      { type: 'follow', meeting: open },
    ]);
    expect(r.s).toMatchObject({ status: 'paused', heldByChair: true });
  });

  it('resuming while the meeting itself is paused is refused: resume the meeting', () => {
    const { s } = run([{ type: 'follow', meeting: open }, { type: 'pause' }]);
    expect(decideRecording(s, { type: 'resume', meeting: paused })).toMatchObject({
      ok: false,
      code: 'E_BAD_STATE',
    });
  });

  it('nothing to pause or resume without a recording', () => {
    expect(decideRecording(NO_RECORDING, { type: 'pause' })).toMatchObject({
      ok: false,
      code: 'E_NO_MEETING',
    });
    expect(decideRecording(NO_RECORDING, { type: 'resume', meeting: open })).toMatchObject({
      ok: false,
      code: 'E_NO_MEETING',
    });
  });
});

describe('secret meetings are never recorded (R-MTG-4)', () => {
  it('a secret meeting starts no recording, and resuming one is refused', () => {
    expect(run([{ type: 'follow', meeting: secret }]).types).toEqual([]);
    expect(decideRecording(NO_RECORDING, { type: 'resume', meeting: secret })).toMatchObject({
      ok: false,
      code: 'E_SECRET_MEETING',
    });
  });

  it('a meeting marked secret while recording stops at once', () => {
    const { s } = run([{ type: 'follow', meeting: open }]);
    expect(run([{ type: 'follow', meeting: { ...open, secret: true } }], s).types).toEqual([
      'recording.stopped',
    ]);
  });
});
