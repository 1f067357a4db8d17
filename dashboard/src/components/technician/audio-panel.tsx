// The room's audio on the technician page (issue 5): a card at the top of the device list (the
// worst thing first, like a device card) and, when selected, the whole story: the source, the
// recorder (a vanished device, a full disk: the meeting goes on regardless), the speech engine
// (model, its size and language, the worker process) and each meeting's transcript progress.
// Polled from GET /api/audio every 2 s while the page is open: these change slowly, and the
// device feed stays about devices.
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../../api.ts';
import { type AudioStatus, audioHealth, formatBytes, modelFileName } from '../../audio-health.ts';
import { formatTime } from '../../devices.ts';
import { formatDuration } from '../../format.ts';
import { lang, t } from '../../i18n.ts';
import { taudio } from '../../i18n-audio.ts';
import { serverNow } from '../../room-store.ts';
import './audio.css';

const POLL_MS = 2000;

/** The last status read; null before the first answer. */
export const audioStatus = signal<AudioStatus | null>(null);
const audioError = signal<string | null>(null);

/** Keeps `audioStatus` fresh while mounted. */
export function useAudioStatus(): void {
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const r = await api('GET', '/api/audio');
      if (stopped) return;
      if (r.ok) {
        audioStatus.value = r.data as AudioStatus;
        audioError.value = null;
      } else {
        audioError.value = r.message;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
}

function Badge({ s, large = false }: { s: AudioStatus; large?: boolean }) {
  const h = audioHealth(s);
  return (
    <span
      class={`status-badge status-badge--${h.badge}${large ? ' status-badge--large' : ''}`}
      data-testid="audio-status"
      data-status={h.badge}
      data-reason={h.reason}
    >
      <span class="status-badge__dot" aria-hidden="true" />
      {taudio.value.reason[h.reason]}
    </span>
  );
}

/** The card in the list. */
export function AudioCard({ selected, onSelect }: { selected: boolean; onSelect: () => void }) {
  const ta = taudio.value;
  const s = audioStatus.value;
  const model = s?.transcriber.model;
  return (
    <div class={selected ? 'device-card device-card--selected audio-card' : 'device-card audio-card'}>
      <button
        type="button"
        class="device-card__main"
        aria-pressed={selected}
        onClick={onSelect}
        data-testid="audio-card"
      >
        <span class="device-card__top">
          {s ? <Badge s={s} /> : <span class="device-card__since">{audioError.value ?? ta.loading}</span>}
        </span>
        <span class="device-card__id audio-card__title">{ta.title}</span>
        <span class="device-card__title">{ta.subtitle}</span>
        {s ? (
          <span class="device-card__transport">
            {s.source ? ta.sourceKind[s.source.kind] : ta.noSource}
            {' · '}
            {model ? `${ta.model} ${model.size} ${model.weightType}` : `${ta.model}: ${ta.noModel}`}
          </span>
        ) : null}
      </button>
    </div>
  );
}

function Row({ label, children, id }: { label: string; children: preact.ComponentChildren; id?: string }) {
  return (
    <div class="audio-facts__row" {...(id ? { 'data-fact': id } : {})}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function sourceText(s: AudioStatus['source']): string {
  if (!s) return '';
  if (s.kind === 'stream') return s.url;
  if (s.kind === 'file') return s.path;
  return s.device ?? 'default';
}

/** The pane: everything about the room's audio. */
export function AudioDetail() {
  const ta = taudio.value;
  const tm = t.value.tech;
  const s = audioStatus.value;
  if (!s)
    return <p class="empty">{audioError.value ? `${ta.loadFailed}: ${audioError.value}` : ta.loading}</p>;
  const h = audioHealth(s);
  const advice = ta.advice[h.reason];
  const rec = s.recorder;
  const eng = s.transcriber;
  const now = serverNow.value;
  const l = lang.value;
  return (
    <div class="device-detail audio-detail" data-testid="audio-detail">
      <section class="panel device-head" aria-labelledby="h-audio">
        <div class="device-head__row">
          <Badge s={s} large />
          <div class="device-head__names">
            <h2 class="device-head__id audio-card__title" id="h-audio">
              {ta.title}
            </h2>
            <span class="device-head__title">{ta.subtitle}</span>
          </div>
        </div>
        {advice ? (
          <p class="device-head__message" data-testid="audio-advice">
            {advice}
          </p>
        ) : null}
      </section>

      <div class="device-detail__pair">
        <section class="panel" aria-labelledby="h-audio-rec" data-testid="audio-recorder">
          <h3 class="subpanel__title" id="h-audio-rec">
            {ta.recorder}
          </h3>
          <dl class="audio-facts">
            <Row label={ta.source} id="source">
              {s.source ? (
                <>
                  {ta.sourceKind[s.source.kind]} <code>{sourceText(s.source)}</code>
                </>
              ) : (
                ta.noSource
              )}
            </Row>
            {rec ? (
              <>
                <Row label={ta.recorder} id="recorder-state">
                  <span data-state={rec.state}>{ta.recorderState[rec.state]}</span>
                  <span class="audio-facts__since">
                    {' · '}
                    {tm.since(formatTime(rec.sinceMs))} · {tm.ago(Math.max(0, now - rec.sinceMs))}
                  </span>
                </Row>
                {s.recording.meetingId ? (
                  <Row label={ta.meeting} id="meeting">
                    {s.transcripts.find((p) => p.meetingId === s.recording.meetingId)?.title ??
                      s.recording.meetingId}
                  </Row>
                ) : null}
                <Row label={ta.savingAudio} id="saving">
                  {rec.savingAudio ? ta.yes : ta.no}
                </Row>
                {rec.freeBytes !== undefined ? (
                  <Row label={ta.freeSpace} id="free">
                    {formatBytes(rec.freeBytes, l)}
                  </Row>
                ) : null}
                {rec.attempt ? (
                  <Row label={ta.retry} id="attempt">
                    {ta.attempt(
                      rec.attempt,
                      rec.retryInMs === undefined ? null : Math.ceil(rec.retryInMs / 1000),
                    )}
                  </Row>
                ) : null}
                {rec.detail ? (
                  <Row label={ta.problemDetail} id="detail">
                    <code class="audio-facts__detail">
                      {rec.problem ? `${rec.problem}: ` : ''}
                      {rec.detail}
                    </code>
                  </Row>
                ) : null}
              </>
            ) : (
              <Row label={ta.recorder} id="recorder-state">
                {ta.notRecording}
              </Row>
            )}
          </dl>
        </section>

        <section class="panel" aria-labelledby="h-audio-engine" data-testid="audio-engine">
          <h3 class="subpanel__title" id="h-audio-engine">
            {ta.engine}
          </h3>
          <dl class="audio-facts">
            <Row label={ta.engine} id="engine-state">
              <span data-state={eng.state}>{ta.engineState[eng.state]}</span>
            </Row>
            <Row label={ta.model} id="model">
              {eng.modelPath ? <code>{modelFileName(eng.modelPath)}</code> : ta.noModel}
            </Row>
            {eng.model ? (
              <>
                <Row label={ta.modelSize} id="model-size">
                  {eng.model.size}
                </Row>
                <Row label={ta.weights} id="weights">
                  {eng.model.weightType}
                </Row>
                <Row label={ta.fileSize} id="model-bytes">
                  {formatBytes(eng.model.bytes, l)}
                </Row>
                <Row label={ta.multilingual}>{eng.model.multilingual ? ta.yes : ta.no}</Row>
                <Row label={ta.loadTime}>{ta.seconds(eng.model.loadMs / 1000)}</Row>
              </>
            ) : null}
            <Row label={ta.language} id="language">
              {ta.languageName[eng.language] ?? eng.language}
            </Row>
            <Row label={ta.threads}>{eng.threads}</Row>
            <Row label={ta.worker} id="worker">
              {eng.worker.pid ? `pid ${eng.worker.pid} · ` : ''}
              {ta.restarts(eng.worker.restarts)}
            </Row>
            {eng.held ? (
              <Row label={ta.heldForKeys} id="held">
                {ta.heldText(eng.held.now, eng.held.times, ta.seconds(eng.held.ms / 1000))}
              </Row>
            ) : null}
            <Row label={ta.queue} id="queue">
              {ta.queueText(
                eng.progress.jobsWaiting,
                formatDuration(eng.progress.audioSecondsWaiting * 1000),
              )}
            </Row>
            {eng.lastError ? (
              <Row label={ta.lastError} id="engine-error">
                <code class="audio-facts__detail">
                  {eng.lastError.code}: {eng.lastError.message}
                </code>
              </Row>
            ) : null}
            <Row label={ta.engineSummary}>
              <span class="audio-facts__summary">{eng.summary}</span>
            </Row>
          </dl>
        </section>
      </div>

      <section class="panel" aria-labelledby="h-audio-progress" data-testid="audio-transcripts">
        <h3 class="subpanel__title" id="h-audio-progress">
          {ta.transcripts}
        </h3>
        {s.transcripts.length === 0 ? (
          <p class="empty">{ta.noTranscripts}</p>
        ) : (
          <ul class="audio-progress">
            {s.transcripts.map((p) => {
              const share =
                p.audioSeconds > 0 ? Math.min(1, p.doneSeconds / p.audioSeconds) : p.state === 'done' ? 1 : 0;
              return (
                <li
                  key={p.meetingId}
                  class="audio-progress__item"
                  data-meeting={p.meetingId}
                  data-state={p.state}
                >
                  <span class="audio-progress__head">
                    <span class="audio-progress__meeting">{p.title ?? p.meetingId}</span>
                    <span class="audio-progress__state">{ta.progressState[p.state]}</span>
                  </span>
                  <span
                    class="audio-progress__bar"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(share * 100)}
                  >
                    <span class="audio-progress__fill" style={{ width: `${share * 100}%` }} />
                  </span>
                  <span class="audio-progress__numbers">
                    {p.audioSeconds === 0 && p.state !== 'done'
                      ? ta.noAudioYet
                      : ta.progressText(
                          formatDuration(p.doneSeconds * 1000),
                          formatDuration(p.audioSeconds * 1000),
                        )}
                    {p.etaSeconds !== null && p.state !== 'done'
                      ? ` · ${ta.eta(Math.round(p.etaSeconds / 60))}`
                      : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
