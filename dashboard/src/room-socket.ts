// The live feed: `GET /ws`. A snapshot on connect (and again after `auth`), then deltas. Reconnects
// with exponential backoff and jitter; while down, `link` is 'down' and pages show a banner. On
// reconnect the new snapshot replaces the whole state, so nothing missed while down lingers. A
// technician's connection also gets `devices` (the whole list, on every change); a logged-in person's
// gets `meeting` when a meeting they may read changed, and a meeting's chair, secretary and the
// system administrators get its `transcript` lines and `transcript-progress` (transcript-store.ts).
import { batch } from '@preact/signals';
import type { ClientMessage, ServerMessage } from '../../appliance/src/http/ws-protocol.ts';
import {
  auth,
  clockOffset,
  devices,
  link,
  meetingNews,
  ownSeat,
  principal,
  tick,
  view,
} from './room-store.ts';
import { takeTranscriptLine, takeTranscriptProgress } from './transcript-store.ts';

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;
const PING_EVERY_MS = 15_000;
/** No message at all for this long (pings included) means the link is dead even if TCP says not. */
const SILENCE_LIMIT_MS = 40_000;

export interface RoomSocketOptions {
  /** The device's access key, sent as `{t:'auth', key}` after every connect. Null: public. */
  key: string | null;
  url?: string;
}

export interface RoomSocket {
  close(): void;
}

export function connectRoom(opts: RoomSocketOptions): RoomSocket {
  const url = opts.url ?? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  let ws: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  let lastHeard = Date.now();

  const send = (m: ClientMessage) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m));
  };

  const onMessage = (m: ServerMessage) => {
    lastHeard = Date.now();
    switch (m.t) {
      case 'snapshot': {
        const authed = m.principal.role !== 'public';
        batch(() => {
          view.value = m.view;
          clockOffset.value = typeof m.now === 'number' ? m.now - Date.now() : 0;
          tick.value = Date.now();
          link.value = 'open';
          // The first snapshot of a connection is the public one; the one answering `auth` follows.
          if (authed || !opts.key) {
            principal.value = m.principal;
            ownSeat.value = m.seat;
          }
          if (authed) auth.value = 'ok';
        });
        attempt = 0;
        return;
      }
      case 'view':
        if (view.value) view.value = { ...view.value, ...m.changes };
        return;
      case 'seat':
        ownSeat.value = m.state;
        return;
      case 'devices':
        devices.value = m.devices;
        return;
      case 'meeting':
        // Which meeting changed; its readers fetch it again (meetings.ts).
        meetingNews.value = {
          meetingId: m.meetingId,
          status: m.status,
          events: m.events,
          n: (meetingNews.peek()?.n ?? 0) + 1,
        };
        return;
      case 'transcript':
        takeTranscriptLine(m.line);
        return;
      case 'transcript-progress':
        takeTranscriptProgress(m.progress);
        return;
      case 'error':
        if (m.code === 'E_BAD_KEY') auth.value = 'bad';
        else console.warn('room socket:', m.code, m.message);
        return;
      case 'pong':
        return;
    }
  };

  const scheduleRetry = () => {
    if (closed || retryTimer) return;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
    attempt++;
    const delay = base / 2 + Math.random() * (base / 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, delay);
  };

  const open = () => {
    if (closed) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      link.value = 'down';
      scheduleRetry();
      return;
    }
    ws = socket;
    socket.onopen = () => {
      lastHeard = Date.now();
      if (opts.key) {
        if (auth.value !== 'ok') auth.value = 'pending';
        send({ t: 'auth', key: opts.key });
      }
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let m: ServerMessage;
      try {
        m = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      onMessage(m);
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      if (closed) return;
      link.value = 'down';
      scheduleRetry();
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry.
    };
  };

  pingTimer = setInterval(() => {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastHeard > SILENCE_LIMIT_MS) {
      ws.close();
      return;
    }
    send({ t: 'ping' });
  }, PING_EVERY_MS);

  // A tab coming back from sleep (tablets do this a lot) reconnects now, not after the backoff.
  const onVisible = () => {
    if (document.visibilityState !== 'visible' || ws || closed) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    attempt = 0;
    open();
  };
  document.addEventListener('visibilitychange', onVisible);

  if (opts.key) auth.value = 'pending';
  open();

  return {
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pingTimer) clearInterval(pingTimer);
      document.removeEventListener('visibilitychange', onVisible);
      ws?.close();
      ws = null;
    },
  };
}
