// `/meetings/:id/transcript`: the secretary's live transcript (issue 5, R-ROOM-5). What is said
// appears a few seconds later, attributed to the seat whose microphone was open and the delegate
// seated there; a line's time plays the recording from there; search, one speaker, copy and
// download as text for the minutes; the recording's pauses between the lines; how far the
// transcription is behind. For the meeting's chair and secretary and system administrators
// (everyone else is told so); a secret meeting is never recorded and says that.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { copyText } from '../clipboard.ts';
import { SecretChip, StatusChip } from '../components/meetings/chips.tsx';
import { span } from '../components/meetings/format.ts';
import { PersonGate } from '../components/person-gate.tsx';
import { RecordingIndicator } from '../components/recording-indicator.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { fileName, plainText } from '../components/transcript/plain-text.ts';
import { Playback } from '../components/transcript/playback.ts';
import { PlayerBar } from '../components/transcript/player-bar.tsx';
import { ProgressCard } from '../components/transcript/progress-card.tsx';
import { matchesAll, queryWords } from '../components/transcript/search.ts';
import { keysOf, speakerOptions, UNKNOWN, voiceLabel } from '../components/transcript/speaker.ts';
import { SpeakerPanel } from '../components/transcript/speaker-panel.tsx';
import { timeline } from '../components/transcript/timeline.ts';
import { TranscriptList } from '../components/transcript/transcript-list.tsx';
import { TranscriptNotice } from '../components/transcript/transcript-notice.tsx';
import { TranscriptToolbar } from '../components/transcript/transcript-toolbar.tsx';
import { ttr } from '../i18n-transcript.ts';
import { fetchMeeting, type MeetingView, type Refusal } from '../meetings.ts';
import { meetingNews, view } from '../room-store.ts';
import { me } from '../session.ts';
import {
  engineHasNoModel,
  mayReadTranscript,
  openTranscript,
  recording,
  refreshRecording,
  type StoredLine,
  transcript,
} from '../transcript-store.ts';
import '../components/transcript/transcript.css';

export function TranscriptPage({ id }: { id: string }) {
  const m = ttr.value;
  return (
    <div class="page page--transcript">
      <TopBar role={m.section} />
      <PersonGate page={m.section}>
        <TranscriptScreen id={id} />
      </PersonGate>
    </div>
  );
}

/** The meeting first: who may read it, whether it is secret. */
function TranscriptScreen({ id }: { id: string }) {
  const m = ttr.value;
  const [mt, setMt] = useState<MeetingView | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const load = async () => {
    const r = await fetchMeeting(id);
    if (r.ok) {
      setMt(r.data);
      setRefusal(null);
    } else setRefusal(r);
  };
  useEffect(() => {
    void load();
  }, [id]);
  // Started, paused, ended elsewhere: the status shown follows.
  const news = meetingNews.value;
  useEffect(() => {
    if (news && news.meetingId === id) void load();
  }, [news?.n]);

  if (refusal && !mt) {
    const missing = refusal.status === 403 || refusal.status === 404;
    return (
      <TranscriptNotice
        testid="transcript-not-found"
        title={missing ? m.notFound : m.loadFailed(refusal.message)}
        tone="error"
      >
        <a class="btn notice__action" href="/meetings">
          {m.toMeetings}
        </a>
      </TranscriptNotice>
    );
  }
  if (!mt) {
    return (
      <main class="tr-page">
        <p class="empty">{m.loading}</p>
      </main>
    );
  }
  if (!mayReadTranscript(mt, me.value?.roles ?? [])) return <Refused id={id} />;
  if (mt.fields.secret) {
    return (
      <TranscriptNotice testid="transcript-secret" title={m.secretTitle} tone="secret">
        {m.secretBody}{' '}
        <a class="btn notice__action" href={`/meetings/${encodeURIComponent(id)}`}>
          {m.backToMeeting}
        </a>
      </TranscriptNotice>
    );
  }
  return <TranscriptView meeting={mt} />;
}

function Refused({ id }: { id: string }) {
  const m = ttr.value;
  return (
    <TranscriptNotice testid="transcript-refused" title={m.refusedTitle} tone="error">
      {m.refusedBody}{' '}
      <a class="btn notice__action" href={`/meetings/${encodeURIComponent(id)}`}>
        {m.backToMeeting}
      </a>
    </TranscriptNotice>
  );
}

/** Which line the recording is at: the last one started by then, while its words last (plus a breath). */
function lineAt(lines: readonly StoredLine[], positionMs: number | null): string | null {
  if (positionMs === null) return null;
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.audioOffsetMs <= positionMs) lo = mid + 1;
    else hi = mid;
  }
  const line = lines[lo - 1];
  if (!line) return null;
  return positionMs <= line.audioOffsetMs + (line.endMs - line.startMs) + 800 ? line.id : null;
}

function TranscriptView({ meeting: mt }: { meeting: MeetingView }) {
  const m = ttr.value;
  const id = mt.id;
  useEffect(() => openTranscript(id, true), [id]);
  const s = transcript.value;
  const rec = recording.value;
  const manifest = rec.status === 'ready' ? rec.manifest : null;

  const playback = useMemo(
    () =>
      new Playback(
        id,
        () => {
          const r = recording.peek();
          return r.status === 'ready' ? r.manifest : null;
        },
        async () => {
          const r = await refreshRecording(id);
          return r.status === 'ready' ? r.manifest : null;
        },
      ),
    [id],
  );

  // Recording paused, resumed, stopped for this meeting (the room view says so): the manifest has a
  // new pause or segment to show. Not on the first render (openTranscript reads it then).
  const rv = view.value?.recording;
  const recordingNow = rv?.meetingId === id ? `${rv.status}:${rv.since}` : 'off';
  const firstRecordingState = useRef(true);
  useEffect(() => {
    if (firstRecordingState.current) {
      firstRecordingState.current = false;
      return;
    }
    // The recorder writes its manifest a moment after the fact (a new run starts, a pause ends):
    // read it until it agrees with the room view, a few times at most.
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async (tries: number) => {
      const r = await refreshRecording(id);
      if (stopped || tries <= 1) return;
      const want = view.peek()?.recording;
      const manifestState = r.status === 'ready' ? r.manifest.state : null;
      const agrees =
        want?.meetingId !== id ||
        (want.status === 'recording'
          ? manifestState === 'recording' &&
            r.status === 'ready' &&
            r.manifest.pauses.every((p) => p.toMs !== null)
          : want.status === 'paused'
            ? manifestState === 'paused'
            : manifestState !== 'recording');
      if (!agrees) timer = setTimeout(() => void read(tries - 1), 1000);
    };
    void read(6);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [recordingNow, mt.status]);

  const [query, setQuery] = useState('');
  const [speaker, setSpeaker] = useState<string | null>(null);
  const lines = s?.meetingId === id ? s.lines : [];
  const words = useMemo(() => queryWords(query), [query]);
  const options = useMemo(() => speakerOptions(lines), [lines]);
  const shownLines = useMemo(
    () => lines.filter((l) => (speaker === null || keysOf(l).includes(speaker)) && matchesAll(l.text, words)),
    [lines, speaker, words],
  );
  const filtered = speaker !== null || words.length > 0;
  // Pauses belong between lines; with a filter on they would only scatter the matches.
  const items = useMemo(
    () => timeline(shownLines, filtered ? null : manifest, !filtered),
    [shownLines, filtered, manifest],
  );
  const playingId = lineAt(lines, playback.positionMs.value);

  if (!s || s.meetingId !== id || s.status === 'loading') {
    return (
      <main class="tr-page">
        <p class="empty">{m.loading}</p>
      </main>
    );
  }
  if (s.status === 'refused' && s.refused) {
    if (s.refused.status === 403) return <Refused id={id} />;
    return (
      <TranscriptNotice testid="transcript-load-error" title={m.loadFailed(s.refused.message)} tone="error">
        <a class="btn notice__action" href={`/meetings/${encodeURIComponent(id)}`}>
          {m.backToMeeting}
        </a>
      </TranscriptNotice>
    );
  }

  const f = mt.fields;
  const openedAt = mt.startedAt ?? lines[0]?.startMs ?? Date.now();
  const recordingHere = view.value?.recording.meetingId === id || view.value?.meeting?.id === id;
  const live = mt.status === 'in_progress' || mt.status === 'paused';
  const optionLabel = (key: string) => {
    if (key === UNKNOWN) return m.unattributed;
    const o = options.find((x) => x.key === key);
    return o?.voice ? voiceLabel(o.voice, m.seat) : key;
  };
  const filterText = [speaker ? optionLabel(speaker) : null, words.length ? `“${query.trim()}”` : null]
    .filter(Boolean)
    .join(', ');
  const text = () =>
    plainText(
      {
        title: f.title,
        when: span(f.startsAt, f.endsAt),
        openedAt,
        items: timeline(shownLines, filtered ? null : manifest, !filtered),
        filter: filtered ? filterText : null,
        now: Date.now(),
      },
      m,
    );
  const copy = async (): Promise<boolean> => copyText(text());
  const download = () => {
    // A BOM, so Notepad and Word on the office's PCs read the Vietnamese right.
    const blob = new Blob(['\ufeff', text()], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName(m.fileStem, f.title, mt.startedAt ?? f.startsAt);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <main class="tr-page" data-testid="transcript-page" data-meeting={id} data-status={mt.status}>
      <header class="tr-head">
        <div class="tr-head__main">
          <a class="mtg-back" href={`/meetings/${encodeURIComponent(id)}`}>
            {m.backToMeeting}
          </a>
          <h1 class="tr-head__title" data-testid="transcript-title">
            {f.title}
          </h1>
          <div class="tr-head__meta">
            <StatusChip status={mt.status} />
            {f.secret ? <SecretChip /> : null}
            <span class="tr-head__when">{span(f.startsAt, f.endsAt)}</span>
            {recordingHere && live ? <RecordingIndicator /> : null}
          </div>
        </div>
        <ProgressCard
          progress={s.progress}
          status={mt.status}
          noModel={engineHasNoModel.value}
          recordingPaused={rv?.meetingId === id && rv.status === 'paused'}
        />
      </header>

      <TranscriptToolbar
        query={query}
        setQuery={setQuery}
        speaker={speaker}
        setSpeaker={setSpeaker}
        options={options}
        shown={shownLines.length}
        total={lines.length}
        onCopy={copy}
        onDownload={download}
      />

      <div class="tr-body">
        <TranscriptList
          all={lines}
          items={items}
          openedAt={openedAt}
          words={words}
          playingId={playingId}
          playing={playback.playing.value}
          canPlay={rec.status !== 'refused'}
          onPlay={(l) => void playback.playFrom(l.audioOffsetMs)}
          empty={
            filtered && lines.length > 0
              ? m.noMatches
              : live || mt.status === 'published'
                ? m.empty
                : m.emptyEnded
          }
        />
        <SpeakerPanel options={options} speaker={speaker} setSpeaker={setSpeaker} />
      </div>

      <PlayerBar playback={playback} recording={rec} />
    </main>
  );
}
