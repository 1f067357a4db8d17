// Finding things in the transcript and taking it away for the minutes: search (marks not needed),
// one speaker, how many lines are shown, copy and download as plain text (what is shown).
import { useEffect, useState } from 'preact/hooks';
import { ttr } from '../../i18n-transcript.ts';
import { CopyIcon, DownloadIcon, SearchIcon } from './icons.tsx';
import { type SpeakerOption, UNKNOWN, voiceLabel } from './speaker.ts';

export function TranscriptToolbar({
  query,
  setQuery,
  speaker,
  setSpeaker,
  options,
  shown,
  total,
  onCopy,
  onDownload,
}: {
  query: string;
  setQuery: (q: string) => void;
  speaker: string | null;
  setSpeaker: (key: string | null) => void;
  options: readonly SpeakerOption[];
  shown: number;
  total: number;
  /** Resolves whether the text reached the clipboard. */
  onCopy: () => Promise<boolean>;
  onDownload: () => void;
}) {
  const m = ttr.value;
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 3000);
    return () => clearTimeout(timer);
  }, [copied]);
  const filtered = query.trim() !== '' || speaker !== null;
  return (
    <div class="tr-toolbar" data-testid="transcript-toolbar">
      <label class="tr-search">
        <span class="tr-search__icon">
          <SearchIcon />
        </span>
        <span class="tr-sr">{m.search}</span>
        <input
          type="search"
          class="tr-search__input"
          data-testid="transcript-search"
          placeholder={m.searchPlaceholder}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="tr-select">
        <span class="tr-sr">{m.speaker}</span>
        <select
          data-testid="speaker-filter"
          value={speaker ?? ''}
          onChange={(e) => setSpeaker((e.target as HTMLSelectElement).value || null)}
        >
          <option value="">{m.allSpeakers}</option>
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {m.speakerOption(
                o.key === UNKNOWN || !o.voice ? m.unattributed : voiceLabel(o.voice, m.seat),
                o.lines,
              )}
            </option>
          ))}
        </select>
      </label>
      <span class="tr-toolbar__count" data-testid="transcript-count">
        {filtered ? m.countOf(shown, total) : m.count(total)}
      </span>
      <span class="tr-toolbar__spacer" />
      <button
        type="button"
        class="btn"
        data-testid="transcript-copy"
        disabled={shown === 0}
        onClick={async () => setCopied((await onCopy()) ? 'yes' : 'failed')}
      >
        <CopyIcon />
        {copied === 'yes' ? m.copied : m.copy}
      </button>
      <button
        type="button"
        class="btn btn--primary"
        data-testid="transcript-download"
        disabled={shown === 0}
        onClick={onDownload}
      >
        <DownloadIcon />
        {m.download}
      </button>
      {copied === 'failed' ? (
        <span class="tr-toolbar__problem" role="alert">
          {m.copyFailed}
        </span>
      ) : null}
    </div>
  );
}
