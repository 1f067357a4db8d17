// The transcript as it grows: lines in spoken order with the recording's pauses between them. It
// follows the end while the reader is at the end, as a chat does; scrolled up to read something
// again, it stays put and offers "Có lời mới ↓" (with how many) instead of pulling them away. While
// the recording plays, the line being played is kept in view, unless the reader scrolled away.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ttr } from '../../i18n-transcript.ts';
import type { StoredLine } from '../../transcript-store.ts';
import { gapText } from './plain-text.ts';
import type { TimelineItem } from './timeline.ts';
import { TranscriptLine } from './transcript-line.tsx';

/** Within this many pixels of the bottom counts as "at the end". */
const AT_END_PX = 48;

export function TranscriptList({
  all,
  items,
  openedAt,
  words,
  playingId,
  playing,
  canPlay,
  onPlay,
  empty,
}: {
  /** Every line held (the filter may show fewer): what is new is judged on these. */
  all: readonly StoredLine[];
  items: readonly TimelineItem[];
  openedAt: number;
  words: readonly string[];
  playingId: string | null;
  /** The recording is playing: follow the line played, not the end. */
  playing: boolean;
  canPlay: boolean;
  onPlay: (line: StoredLine) => void;
  /** Said when there is no line to show. */
  empty: string;
}) {
  const m = ttr.value;
  const box = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);
  const atEndRef = useRef(true);
  const [unseen, setUnseen] = useState(0);
  const seen = useRef<Set<string>>(new Set());
  const shownOnce = useRef(false);
  /**
   * A smooth scroll to the end is under way ("Có lời mới ↓"): its scroll events on the way down
   * are not the reader leaving the end. Without this, lines arriving during the scroll were
   * counted as unseen, and the scroll stopped at the end as it was when pressed.
   */
  const seeking = useRef(false);

  const toEnd = (smooth: boolean) => {
    const el = box.current;
    if (!el) return;
    // (Already at the very end: no scroll event will come to end the seeking.)
    seeking.current = smooth && el.scrollHeight - el.scrollTop - el.clientHeight > 0;
    el.scrollTo({ top: el.scrollHeight, behavior: smooth ? 'smooth' : 'instant' });
    atEndRef.current = true;
    setAtEnd(true);
    setUnseen(0);
  };

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_END_PX;
    if (seeking.current) {
      if (!end) return;
      seeking.current = false;
    }
    atEndRef.current = end;
    setAtEnd(end);
    if (end) setUnseen(0);
  };

  // A scroll that ends short of the end (the reader took over): where it stopped counts again.
  const onScrollEnd = () => {
    if (!seeking.current) return;
    seeking.current = false;
    onScroll();
  };

  // New lines: follow them when at the end (and not listening to something earlier), else count
  // the ones the filter shows. A change of filter shows other lines, but none of them is new.
  useLayoutEffect(() => {
    const fresh = new Set<string>();
    for (const l of all) {
      if (seen.current.has(l.id)) continue;
      seen.current.add(l.id);
      fresh.add(l.id);
    }
    const shown = items.filter((i) => i.kind === 'line' && fresh.has(i.line.id)).length;
    if (!shownOnce.current) {
      if (items.length > 0) {
        shownOnce.current = true;
        toEnd(false);
      }
      return;
    }
    if (shown === 0) return;
    if (atEndRef.current && !playing) toEnd(false);
    else setUnseen((n) => n + shown);
  }, [all]);

  // The line being played stays in view as playback moves on, while the reader follows it. One
  // who scrolled away from it (to press an earlier line, say) is left there: a list that moves
  // under a finger takes the tap to another line, or to none. Pressing a line's time, or play,
  // follows again.
  const followed = useRef<string | null>(null);
  useEffect(() => {
    const list = box.current;
    if (!playingId || !playing || !list) return;
    const lineEl = (id: string) => list.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    const before = followed.current;
    followed.current = playingId;
    // (A line the filter hides says nothing about where the reader looks.)
    const shown = before !== null && before !== playingId ? lineEl(before) : null;
    if (shown && !inView(list, shown)) return;
    lineEl(playingId)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [playingId, playing]);

  return (
    <div class="tr-list-wrap">
      <div
        class="tr-list"
        ref={box}
        onScroll={onScroll}
        onScrollEnd={onScrollEnd}
        data-testid="transcript-scroll"
        tabIndex={-1}
      >
        {items.length === 0 ? (
          <p class="tr-empty" data-testid="transcript-empty">
            {empty}
          </p>
        ) : (
          <ol class="tr-lines" data-testid="transcript-lines" aria-live="polite" aria-relevant="additions">
            {items.map((item) =>
              item.kind === 'line' ? (
                <TranscriptLine
                  key={item.line.id}
                  line={item.line}
                  continues={item.continues}
                  openedAt={openedAt}
                  words={words}
                  playing={item.line.id === playingId}
                  canPlay={canPlay}
                  onPlay={onPlay}
                />
              ) : (
                <li
                  key={item.key}
                  class={`tr-gap tr-gap--${item.kind}`}
                  data-testid={`transcript-${item.kind}`}
                  data-from={item.fromMs}
                >
                  <span class="tr-gap__rule" aria-hidden="true" />
                  <span class="tr-gap__text">{gapText(item, m)}</span>
                  <span class="tr-gap__rule" aria-hidden="true" />
                </li>
              ),
            )}
          </ol>
        )}
      </div>
      {!atEnd && unseen > 0 ? (
        <button
          type="button"
          class="tr-new btn btn--primary"
          data-testid="new-lines"
          onClick={() => toEnd(true)}
        >
          {m.newLines}
          <span class="tr-new__count">{unseen}</span>
        </button>
      ) : null}
    </div>
  );
}

/** Some of `el` shows in the scrolled `list`. */
function inView(list: HTMLElement, el: HTMLElement): boolean {
  const l = list.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.bottom > l.top && r.top < l.bottom;
}
