// One line of the transcript: its time (the time of day and the time since the meeting opened; a
// button that plays the recording from there), who said it (unless they were already speaking
// just before) and what was said, the searched words marked. The line being played is lit.
import { ttr } from '../../i18n-transcript.ts';
import type { StoredLine } from '../../transcript-store.ts';
import { clockSeconds, sinceOpening } from './format.ts';
import { Highlighted } from './highlighted.tsx';
import { PlayIcon } from './icons.tsx';
import { kindOf } from './speaker.ts';
import { SpeakerBadge } from './speaker-badge.tsx';

export function TranscriptLine({
  line,
  continues,
  openedAt,
  words,
  playing,
  canPlay,
  onPlay,
}: {
  line: StoredLine;
  continues: boolean;
  openedAt: number;
  words: readonly string[];
  playing: boolean;
  canPlay: boolean;
  onPlay: (line: StoredLine) => void;
}) {
  const m = ttr.value;
  const time = clockSeconds(line.startMs);
  const cls = [
    'tr-line',
    continues ? 'tr-line--continues' : '',
    playing ? 'tr-line--playing' : '',
    `tr-line--${kindOf(line)}`,
    line.final ? '' : 'tr-line--draft',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li
      class={cls}
      data-testid="transcript-line"
      data-id={line.id}
      data-seq={line.seq}
      data-offset={line.audioOffsetMs}
      data-seats={line.seats.join(',')}
      data-playing={playing ? 'true' : undefined}
      aria-current={playing ? 'true' : undefined}
    >
      <button
        type="button"
        class="tr-time"
        data-testid="line-time"
        title={canPlay ? m.playFrom(time) : undefined}
        aria-label={canPlay ? m.playFrom(time) : time}
        disabled={!canPlay}
        onClick={() => onPlay(line)}
      >
        <span class="tr-time__clock">{time}</span>
        <span class="tr-time__since" title={m.elapsedTitle}>
          {sinceOpening(line.startMs, openedAt)}
        </span>
        <span class="tr-time__play">
          <PlayIcon size={12} />
        </span>
      </button>
      <div class="tr-line__body">
        {continues ? null : <SpeakerBadge line={line} />}
        <p class="tr-line__text" data-testid="line-text" lang={line.language}>
          <Highlighted text={line.text.trim()} words={words} />
          {line.final ? null : <span class="tr-line__draft"> {m.notFinal}</span>}
        </p>
      </div>
    </li>
  );
}
