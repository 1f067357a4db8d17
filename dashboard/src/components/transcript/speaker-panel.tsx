// Beside the transcript on a wide screen: everyone heard so far, with how many lines and how long
// they spoke (what a secretary tallies for the minutes); a name shows only their lines.
import { formatDuration } from '../../format.ts';
import { ttr } from '../../i18n-transcript.ts';
import type { SpeakerOption } from './speaker.ts';
import { VoiceAvatar } from './speaker-badge.tsx';

export function SpeakerPanel({
  options,
  speaker,
  setSpeaker,
}: {
  options: readonly SpeakerOption[];
  speaker: string | null;
  setSpeaker: (key: string | null) => void;
}) {
  const m = ttr.value;
  if (options.length === 0) return null;
  return (
    <aside class="tr-side" data-testid="speaker-panel">
      <h2 class="tr-side__title">{m.speakers}</h2>
      <p class="tr-side__hint">{m.speakersHint}</p>
      <ul class="tr-side__list">
        {options.map((o) => (
          <li key={o.key}>
            <button
              type="button"
              class="tr-who"
              aria-pressed={speaker === o.key}
              data-key={o.key}
              onClick={() => setSpeaker(speaker === o.key ? null : o.key)}
            >
              <VoiceAvatar voice={o.voice} />
              <span class="tr-who__text">
                <span class="tr-who__name">
                  {o.voice ? (o.voice.name ?? m.seat(o.voice.seat)) : m.unattributed}
                </span>
                <span class="tr-who__meta">
                  {o.voice?.name ? `${m.seat(o.voice.seat)} · ` : ''}
                  {m.lineCount(o.lines)} · {formatDuration(o.spokenMs)}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
