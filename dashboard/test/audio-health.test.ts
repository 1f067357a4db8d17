// The audio card's badge rules (issue 5): the worst thing first, so a technician glancing at the
// card sees a lost device or a full disk before a missing model, and that before "recording".
import { describe, expect, it } from 'vitest';
import { type AudioStatus, audioHealth, formatBytes } from '../src/audio-health.ts';
import { formatDuration } from '../src/format.ts';

const base: AudioStatus = {
  source: { kind: 'alsa', device: 'hw:1,0' },
  recording: { meetingId: null, status: 'off', heldByChair: false, since: null },
  recorder: null,
  transcriber: {
    state: 'ready',
    summary: 'ready',
    modelPath: '/m/base.bin',
    model: { bytes: 60_000_000, size: 'base', weightType: 'q5_1', multilingual: true, loadMs: 300 },
    language: 'vi',
    threads: 2,
    worker: { pid: 10, restarts: 0 },
    held: { now: false, times: 0, ms: 0 },
    lastError: null,
    progress: { jobsWaiting: 0, audioSecondsWaiting: 0, running: null, completed: 0, failed: 0 },
  },
  transcripts: [],
};
const rec = (state: NonNullable<AudioStatus['recorder']>['state']): AudioStatus => ({
  ...base,
  recorder: { state, sinceMs: 0, savingAudio: state === 'recording' },
});
const engine = (state: AudioStatus['transcriber']['state']): AudioStatus['transcriber'] => ({
  ...base.transcriber,
  state,
});

describe('audioHealth', () => {
  it('puts the worst first', () => {
    expect(audioHealth({ ...base, source: null })).toEqual({ badge: 'disabled', reason: 'no_source' });
    expect(audioHealth({ ...rec('device_lost'), transcriber: engine('no-model') }).reason).toBe(
      'device_lost',
    );
    expect(audioHealth(rec('disk_full'))).toEqual({ badge: 'connection_failure', reason: 'disk_full' });
    expect(audioHealth({ ...rec('recording'), transcriber: engine('failed') }).reason).toBe('engine_failed');
    expect(audioHealth({ ...rec('recording'), transcriber: engine('no-model') })).toEqual({
      badge: 'connecting',
      reason: 'no_model',
    });
    expect(audioHealth({ ...rec('recording'), transcriber: engine('restarting') }).reason).toBe(
      'engine_restarting',
    );
    expect(audioHealth(rec('starting')).reason).toBe('starting');
    expect(audioHealth(rec('recording'))).toEqual({ badge: 'ok', reason: 'recording' });
    expect(audioHealth(rec('paused')).reason).toBe('paused');
    expect(audioHealth(base)).toEqual({ badge: 'ok', reason: 'idle' });
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(60_000_000, 'vi')).toBe('57,2 MB');
    expect(formatBytes(60_000_000, 'en')).toBe('57.2 MB');
    expect(formatBytes(5 * 1024 ** 3, 'en')).toBe('5.0 GB');
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75_000)).toBe('1:15');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});
