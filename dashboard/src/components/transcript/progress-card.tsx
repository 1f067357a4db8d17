// How far the transcript is behind the recording (issue 5: "a backlog after a long meeting is
// worked off in order with progress shown"): live, the rest being transcribed with how much is done
// and about how long is left, waiting for the engine, no speech model (recording only), or done.
// Live, the recorder's trouble comes first: a lost device (nothing heard) or a full disk (heard,
// not kept) is said instead of "live". Without a model the appliance says `no_model` (and /health,
// which the store also asks, says so before any audio came).
import type { MeetingStatus } from '../../../../appliance/src/domain/meeting.ts';
import { ttr } from '../../i18n-transcript.ts';
import type { TranscriptProgress } from '../../transcript-store.ts';
import { audioTime } from './format.ts';

type Shown =
  | 'live'
  | 'paused'
  | 'audio_lost'
  | 'not_saved'
  | 'backlog'
  | 'waiting'
  | 'no_model'
  | 'done'
  | 'not_started';

export function ProgressCard({
  progress,
  status,
  noModel,
  recordingPaused,
}: {
  progress: TranscriptProgress | null;
  status: MeetingStatus;
  noModel: boolean;
  /** The room view says this meeting's recording is paused (by the chair or with the meeting). */
  recordingPaused: boolean;
}) {
  const m = ttr.value;
  const live = status === 'in_progress' || status === 'paused';
  let shown: Shown | null = progress?.state ?? null;
  if (shown === null) {
    // Nothing recorded since the appliance started: say only what the meeting's status tells.
    if (['draft', 'submitted', 'approved', 'returned', 'published'].includes(status)) shown = 'not_started';
    else if (live) shown = 'live';
    else return null;
  }
  if (shown === 'live' && recordingPaused) shown = 'paused';
  else if (shown === 'live' && progress?.recorder === 'device_lost') shown = 'audio_lost';
  else if (shown === 'live' && progress?.recorder === 'disk_full') shown = 'not_saved';
  else if (shown === 'live' && noModel) shown = 'no_model';
  const done = progress ? audioTime(progress.doneSeconds) : '';
  const total = progress ? audioTime(progress.audioSeconds) : '';
  const share =
    progress && progress.audioSeconds > 0 ? Math.min(1, progress.doneSeconds / progress.audioSeconds) : 0;
  const eta =
    progress?.etaSeconds !== null && progress?.etaSeconds !== undefined && progress.etaSeconds > 0
      ? m.eta(m.duration(progress.etaSeconds))
      : null;

  let title: string;
  let hint: string | null = null;
  let bar = false;
  switch (shown) {
    case 'live':
      title = m.live;
      hint = m.liveHint;
      break;
    case 'paused':
      title = m.paused;
      hint = m.pausedHint;
      break;
    case 'backlog':
      title = eta ? `${m.backlog(done, total)}, ${eta}` : m.backlog(done, total);
      bar = true;
      break;
    case 'waiting':
      title = m.waiting(done, total);
      hint = m.waitingHint;
      bar = true;
      break;
    case 'audio_lost':
      title = m.audioLost;
      hint = m.audioLostHint;
      break;
    case 'not_saved':
      title = m.notSaved;
      hint = m.notSavedHint;
      break;
    case 'no_model':
      title = m.noModel;
      hint = m.noModelHint;
      break;
    case 'done':
      title = m.done(total);
      break;
    case 'not_started':
      title = m.notStarted;
      break;
  }
  return (
    <section
      class={`tr-progress tr-progress--${shown}`}
      data-testid="transcript-progress"
      data-state={shown}
      aria-live="polite"
    >
      <span class="tr-progress__icon" aria-hidden="true" />
      <div class="tr-progress__body">
        <p class="tr-progress__title" data-testid="progress-text">
          {title}
        </p>
        {hint ? <p class="tr-progress__hint">{hint}</p> : null}
        {bar ? (
          <div
            class="tr-progress__bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(share * 100)}
          >
            <span class="tr-progress__fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
          </div>
        ) : null}
      </div>
    </section>
  );
}
