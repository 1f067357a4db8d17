// Who said a line, from its attribution (the seats whose microphones were open, from the floor
// events, and the delegates seated there): one speaker, several at once (overlap), or nobody known.
import type { StoredLine } from '../../transcript-store.ts';

export type SpeakerKind = 'one' | 'overlap' | 'unknown';

/** One person at one seat; the name is null when nobody was seated there for the meeting. */
export interface Voice {
  seat: number;
  name: string | null;
}

/** A filter's key for one voice, and for lines nobody is known to have said. */
export const voiceKey = (v: Voice): string => `${v.seat}|${v.name ?? ''}`;
export const UNKNOWN = 'unknown';

export function voicesOf(line: StoredLine): Voice[] {
  return line.seats.map((seat, i) => ({ seat, name: line.names[i] ?? null }));
}

export function kindOf(line: StoredLine): SpeakerKind {
  if (line.seats.length === 0) return 'unknown';
  return line.overlap && line.seats.length > 1 ? 'overlap' : 'one';
}

/** Every filter key the line answers to: each of its voices, or `unknown`. */
export function keysOf(line: StoredLine): string[] {
  const voices = voicesOf(line);
  return voices.length ? voices.map(voiceKey) : [UNKNOWN];
}

/** The same speaker(s), for showing a run of lines under one name. */
export const sameSpeakers = (a: StoredLine, b: StoredLine): boolean =>
  kindOf(a) === kindOf(b) && keysOf(a).join(',') === keysOf(b).join(',');

/** "Nguyễn Văn An (Ghế 3)", or "Ghế 3" when nobody was seated there. */
export function voiceLabel(v: Voice, seat: (n: number) => string): string {
  return v.name ? `${v.name} (${seat(v.seat)})` : seat(v.seat);
}

export interface SpeakerOption {
  key: string;
  voice: Voice | null;
  lines: number;
  /** Milliseconds of lines attributed to this voice (overlaps counted for each of its voices). */
  spokenMs: number;
}

/** The voices heard in `lines`, most lines first; the unknown last. */
export function speakerOptions(lines: readonly StoredLine[]): SpeakerOption[] {
  const byKey = new Map<string, SpeakerOption>();
  for (const l of lines) {
    const voices = voicesOf(l);
    const entries: [string, Voice | null][] = voices.length
      ? voices.map((v) => [voiceKey(v), v])
      : [[UNKNOWN, null]];
    for (const [key, voice] of entries) {
      const o = byKey.get(key) ?? { key, voice, lines: 0, spokenMs: 0 };
      o.lines++;
      o.spokenMs += Math.max(0, l.endMs - l.startMs);
      byKey.set(key, o);
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      Number(a.voice === null) - Number(b.voice === null) ||
      b.lines - a.lines ||
      (a.voice?.seat ?? 0) - (b.voice?.seat ?? 0),
  );
}
