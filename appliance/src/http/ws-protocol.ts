// Messages of the dashboard WebSocket (`GET /ws`): a snapshot on connect, then deltas
// (zigbee2mqtt's frontend protocol does the same). Server → client:
//   {t:'snapshot', seq, now, view, principal, seat}   on connect and after `auth`; `now` is the
//                                                 appliance's clock, so screens can show speaking time
//                                                 right even when their own clock is off
//   {t:'view', seq, changes}                      top-level parts of the view that changed
//   {t:'seat', state}                             the caller's own seat (tablet, chair), when it changes
//   {t:'devices', devices}                        technicians only: every device, on a change and
//                                                 every second while counters move
//   {t:'meeting', meetingId, status, events}    a meeting the caller may read changed: fetch it
//   {t:'transcript', line}                      a new transcript line, to its meeting's chair,
//                                                 secretary and system administrators
//   {t:'transcript-progress', progress}         how far that meeting's transcript is behind its
//                                                 recording (live, backlog, done), to the same
//   {t:'error', code, message}
// Client → server:
//   {t:'auth', key}                               present an access key (see access.ts)
//   {t:'ping'}                                    answered with {t:'pong'}
// Commands travel over HTTP (schemas, OpenAPI, one permission table); the socket is the feed.
import type { DeviceView } from '@room/bridge';
import type { RoomView, UnitState } from '../domain/views.ts';
import type { TranscriptProgress } from '../recording/transcription-pipeline.ts';
import type { StoredLine } from '../store/transcript-store.ts';
import type { principalView } from './identify.ts';

export type ServerMessage =
  | {
      t: 'snapshot';
      seq: number;
      now: number;
      view: RoomView;
      principal: ReturnType<typeof principalView>;
      seat: UnitState | null;
    }
  | { t: 'view'; seq: number; changes: Partial<RoomView> }
  | { t: 'seat'; state: UnitState }
  | { t: 'devices'; devices: DeviceView[] }
  | { t: 'meeting'; meetingId: string; status: string; events: string[] }
  | { t: 'transcript'; line: StoredLine }
  | { t: 'transcript-progress'; progress: TranscriptProgress }
  | { t: 'pong' }
  | { t: 'error'; code: string; message: string };

export type ClientMessage = { t: 'auth'; key: string } | { t: 'ping' };
