// One player for the whole recording, at the foot of the page: play / pause, back and forward 5 s,
// the position (the time of day it was said, and where in the recording), a bar to move along the
// recording, the speed (minutes are often written from speech played a little faster). Pressing a
// line's time plays from there (playback.ts); what cannot be played is said in words.
import { useEffect, useRef } from 'preact/hooks';
import { ttr } from '../../i18n-transcript.ts';
import { serverNow } from '../../room-store.ts';
import type { RecordingState } from '../../transcript-store.ts';
import { audioTime, clockSeconds } from './format.ts';
import { PauseIcon, PlayIcon } from './icons.tsx';
import { clockAt, lengthMs, type Playback } from './playback.ts';

const RATES = [1, 1.25, 1.5, 0.75] as const;
const SKIP_MS = 5000;

export function PlayerBar({ playback, recording }: { playback: Playback; recording: RecordingState }) {
  const m = ttr.value;
  const audio = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (audio.current) playback.attach(audio.current);
    return () => playback.detach();
  }, [playback]);

  const manifest = recording.status === 'ready' ? recording.manifest : null;
  const at = playback.positionMs.value;
  const playing = playback.playing.value;
  const problem = playback.problem.value;
  const rate = playback.rate.value;
  // While it is recorded the manifest read last is behind what plays: the longer of the two.
  const total = Math.max(manifest ? lengthMs(manifest, serverNow.value) : 0, at ?? 0);
  const when = manifest && at !== null ? clockAt(manifest, at) : null;
  // Until a recording is known the button still asks for it (playback.ts reads the manifest again).
  const usable = recording.status !== 'refused' && recording.status !== 'loading';

  let note: string | null = null;
  if (recording.status === 'refused') note = m.recordingRefused;
  else if (recording.status === 'none' || problem === 'no-recording') note = m.noRecording;
  else if (problem === 'failed') note = m.playFailed;
  else if (at === null && usable) note = m.playerIdle;

  return (
    <section
      class={`tr-player${playing ? ' tr-player--playing' : ''}`}
      data-testid="player"
      data-state={playing ? 'playing' : 'paused'}
      aria-label={m.player}
    >
      {/* biome-ignore lint/a11y/useMediaCaption: the transcript on this page is the caption */}
      <audio ref={audio} preload="none" data-testid="player-audio" />
      <button
        type="button"
        class="tr-player__play"
        data-testid="player-toggle"
        disabled={!usable}
        aria-label={playing ? m.pausePlayback : m.play}
        title={playing ? m.pausePlayback : m.play}
        onClick={() => void playback.toggle()}
      >
        {playing ? <PauseIcon size={22} /> : <PlayIcon size={22} />}
      </button>
      <button
        type="button"
        class="tr-player__skip"
        data-testid="player-back"
        disabled={!usable || at === null}
        title={m.back(SKIP_MS / 1000)}
        onClick={() => void playback.skip(-SKIP_MS)}
      >
        −5s
      </button>
      <button
        type="button"
        class="tr-player__skip"
        disabled={!usable || at === null}
        title={m.forward(SKIP_MS / 1000)}
        onClick={() => void playback.skip(SKIP_MS)}
      >
        +5s
      </button>
      <div class="tr-player__where">
        <span class="tr-player__clock" data-testid="player-clock">
          {when === null ? m.player : (playing ? m.listeningAt : m.stoppedAt)(clockSeconds(when))}
        </span>
        <span class="tr-player__pos" data-testid="player-position">
          {audioTime((at ?? 0) / 1000)} / {audioTime(total / 1000)}
        </span>
      </div>
      {/* Until something is played (or when it cannot be), a sentence says what to do. */}
      {note ? (
        <p class="tr-player__note" data-testid="player-note" role={problem ? 'alert' : undefined}>
          {note}
        </p>
      ) : (
        <input
          type="range"
          class="tr-player__seek"
          data-testid="player-seek"
          aria-label={m.seekLabel}
          min={0}
          max={Math.max(1, Math.round(total / 1000))}
          step={1}
          value={Math.round((at ?? 0) / 1000)}
          disabled={!usable}
          onChange={(e) => void playback.playFrom(Number((e.target as HTMLInputElement).value) * 1000)}
        />
      )}
      <button
        type="button"
        class="tr-player__rate"
        data-testid="player-rate"
        title={m.rate}
        disabled={!usable}
        onClick={() =>
          playback.setRate(RATES[(RATES.indexOf(rate as (typeof RATES)[number]) + 1) % RATES.length]!)
        }
      >
        {`${rate}×`}
      </button>
    </section>
  );
}
