// Who said a line, as the list shows it: a round badge (the delegate's initials, or the seat
// number), the name and the seat; several at once, marked as such with every name; or nobody known.
import { hue, initials } from '../../admin-store.ts';
import { ttr } from '../../i18n-transcript.ts';
import type { StoredLine } from '../../transcript-store.ts';
import { kindOf, type Voice, voicesOf } from './speaker.ts';

export function VoiceAvatar({ voice, small = false }: { voice: Voice | null; small?: boolean }) {
  const size = small ? ' avatar--tiny' : ' avatar--small';
  if (!voice) {
    return (
      <span class={`avatar tr-avatar tr-avatar--unknown${size}`} aria-hidden="true">
        ?
      </span>
    );
  }
  return (
    <span
      class={`avatar tr-avatar avatar--h${hue(voice.name ?? `seat-${voice.seat}`)}${size}`}
      aria-hidden="true"
    >
      {voice.name ? initials(voice.name) : voice.seat}
    </span>
  );
}

export function SpeakerBadge({ line }: { line: StoredLine }) {
  const m = ttr.value;
  const kind = kindOf(line);
  const voices = voicesOf(line);
  if (kind === 'unknown') {
    return (
      <div class="tr-speaker tr-speaker--unknown" data-testid="line-speaker" data-kind="unknown">
        <VoiceAvatar voice={null} />
        <span class="tr-speaker__name">{m.unattributed}</span>
        <span class="tr-speaker__seat">{m.unattributedHint}</span>
      </div>
    );
  }
  if (kind === 'overlap') {
    return (
      <div
        class="tr-speaker tr-speaker--overlap"
        data-testid="line-speaker"
        data-kind="overlap"
        title={m.overlapHint}
      >
        <span class="tr-pile" aria-hidden="true">
          {voices.map((v) => (
            <VoiceAvatar key={v.seat} voice={v} />
          ))}
        </span>
        <span class="tr-speaker__overlap">
          {m.overlap(voices.map((v) => v.name ?? m.seat(v.seat)).join(', '))}
        </span>
        <span class="tr-speaker__seat">{voices.map((v) => m.seat(v.seat)).join(' · ')}</span>
      </div>
    );
  }
  const v = voices[0]!;
  return (
    <div class="tr-speaker" data-testid="line-speaker" data-kind="one" data-seat={v.seat}>
      <VoiceAvatar voice={v} />
      <span class="tr-speaker__name">{v.name ?? m.seat(v.seat)}</span>
      {v.name ? <span class="tr-speaker__seat">{m.seat(v.seat)}</span> : null}
    </div>
  );
}
