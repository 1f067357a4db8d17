// The raw traffic of one device: the appliance's ring of the last 200 chunks, polled about once a
// second while the view is open and not paused; each poll asks only for what is new (`after`). Lines (ASCII protocols: escapes and line ends shown
// dimmed) or hex (a dump with offsets). Out and in are told apart by colour and an arrow.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { formatTimeMs, hexRows, splitLines, type TrafficChunk } from '../../devices.ts';
import { errorText, t } from '../../i18n.ts';

const POLL_MS = 1000;
const LIMIT = 200;

type Mode = 'lines' | 'hex';

export function TrafficView({ deviceId, defaultMode }: { deviceId: string; defaultMode: Mode }) {
  const m = t.value;
  const [mode, setMode] = useState<Mode>(defaultMode);
  const [paused, setPaused] = useState(false);
  const [chunks, setChunks] = useState<TrafficChunk[] | null>(null);
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  /** Follow the newest chunk unless the technician scrolled up to read. */
  const stick = useRef(true);

  useEffect(() => {
    if (paused) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let after = 0;
    setChunks(null);
    const poll = async () => {
      const url = `/api/devices/${encodeURIComponent(deviceId)}/traffic?limit=${LIMIT}&after=${after}`;
      const r = await api('GET', url);
      if (stopped) return;
      if (r.ok && Array.isArray(r.data)) {
        const fresh = r.data as TrafficChunk[];
        const first = fresh[0];
        // A cursor from before an appliance restart gets the whole ring again: start over then.
        const restart = first !== undefined && first.seq <= after;
        if (fresh.length > 0) after = fresh[fresh.length - 1]!.seq;
        // Nothing new on the wire: keep the DOM as it is.
        setChunks((prev) =>
          fresh.length === 0 && prev ? prev : [...(restart || !prev ? [] : prev), ...fresh].slice(-LIMIT),
        );
        setFailure(null);
      } else if (!r.ok) setFailure({ code: r.code, message: r.message });
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [deviceId, paused]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [chunks, mode]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };

  return (
    <section class="panel tech-traffic" aria-labelledby="h-traffic" data-testid="traffic" data-mode={mode}>
      <div class="tech-section-head">
        <h3 class="subpanel__title" id="h-traffic">
          {m.tech.traffic}
          {chunks ? <span class="panel__count">{chunks.length}</span> : null}
        </h3>
        <span
          class={paused ? 'traffic-live traffic-live--paused' : 'traffic-live'}
          data-testid="traffic-state"
          data-paused={paused}
        >
          {paused ? m.tech.paused : m.tech.live}
        </span>
        <span class="tech-section-head__fill" />
        <fieldset class="segmented" aria-label={m.tech.traffic}>
          {(['lines', 'hex'] as const).map((x) => (
            <button
              key={x}
              type="button"
              class="segmented__option"
              aria-pressed={mode === x}
              data-testid={`traffic-${x}`}
              onClick={() => setMode(x)}
            >
              {x === 'hex' ? m.tech.viewHex : m.tech.viewLines}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          class={paused ? 'btn btn--small btn--primary' : 'btn btn--small'}
          data-testid="traffic-pause"
          aria-pressed={paused}
          onClick={() => setPaused((p) => !p)}
        >
          {paused ? m.tech.resume : m.tech.pause}
        </button>
      </div>
      <p class="tech-note">{m.tech.trafficNote}</p>
      {failure ? (
        <p class="tech-inline-error" role="alert">
          {errorText(m, failure.code, failure.message)}
        </p>
      ) : null}
      <div class="traffic-scroll" ref={scroller} onScroll={onScroll}>
        {chunks === null ? (
          <p class="empty">{m.connecting}</p>
        ) : chunks.length === 0 ? (
          <p class="empty">{m.tech.noTraffic}</p>
        ) : (
          <ol class={`traffic traffic--${mode}`}>
            {chunks.map((c) => (
              <Chunk key={c.seq} chunk={c} mode={mode} />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function Chunk({ chunk, mode }: { chunk: TrafficChunk; mode: Mode }) {
  const m = t.value.tech;
  const shown = chunk.hex ? chunk.hex.split(' ').length : 0;
  return (
    <li class={`traffic-row traffic-row--${chunk.dir}`} data-dir={chunk.dir}>
      <span class="traffic-row__meta">
        <span class="traffic-row__time">{formatTimeMs(chunk.at)}</span>
        <span class="traffic-row__dir">
          <span aria-hidden="true">{chunk.dir === 'out' ? '→ ' : '← '}</span>
          {chunk.dir === 'out' ? m.dirOut : m.dirIn}
        </span>
        <span class="traffic-row__len">
          {chunk.truncated ? m.truncated(shown, chunk.length) : m.bytes(chunk.length)}
        </span>
      </span>
      {mode === 'lines' ? <Lines text={chunk.text} /> : <Hex hex={chunk.hex} />}
    </li>
  );
}

function Lines({ text }: { text: string }) {
  return (
    <span class="traffic-row__data">
      {splitLines(text).map((l, i) => (
        <span class="traffic-line" key={i}>
          {l.body.split(/(\\x[0-9a-f]{2})/).map((part, j) =>
            /^\\x[0-9a-f]{2}$/.test(part) ? (
              <span class="traffic-esc" key={j}>
                {part}
              </span>
            ) : (
              part
            ),
          )}
          {l.end ? <span class="traffic-eol">{l.end}</span> : null}
        </span>
      ))}
    </span>
  );
}

function Hex({ hex }: { hex: string }) {
  return (
    <span class="traffic-row__data">
      {hexRows(hex).map((r) => (
        <span class="hex-row" key={r.offset}>
          <span class="hex-row__offset">{r.offset}</span>
          <span class="hex-row__hex">{r.hex}</span>
          <span class="hex-row__ascii">{r.ascii}</span>
        </span>
      ))}
    </span>
  );
}
