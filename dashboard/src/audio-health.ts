// The room's audio as one badge for the technician (issue 5): the worst thing first, in the device
// page's status vocabulary (companion's: ok, connecting, disconnected, connection_failure), so the
// audio card reads like a device card. Pure, so the rules are tested without a browser.
import type { AudioStatus } from '../../appliance/src/recording/audio-status.ts';

export type { AudioStatus };

export type AudioBadge = 'ok' | 'connecting' | 'disconnected' | 'connection_failure' | 'disabled';

/** Why the badge is what it is; each has its words in i18n-audio.ts. */
export type AudioReason =
  | 'no_source'
  | 'device_lost'
  | 'disk_full'
  | 'engine_failed'
  | 'no_model'
  | 'engine_restarting'
  | 'starting'
  | 'recording'
  | 'paused'
  | 'idle';

export function audioHealth(s: AudioStatus): { badge: AudioBadge; reason: AudioReason } {
  if (!s.source) return { badge: 'disabled', reason: 'no_source' };
  const rec = s.recorder?.state;
  if (rec === 'device_lost') return { badge: 'connection_failure', reason: 'device_lost' };
  if (rec === 'disk_full') return { badge: 'connection_failure', reason: 'disk_full' };
  const engine = s.transcriber.state;
  if (engine === 'failed') return { badge: 'disconnected', reason: 'engine_failed' };
  if (engine === 'no-model') return { badge: 'connecting', reason: 'no_model' };
  if (engine === 'restarting') return { badge: 'connecting', reason: 'engine_restarting' };
  if (rec === 'starting') return { badge: 'connecting', reason: 'starting' };
  if (rec === 'recording') return { badge: 'ok', reason: 'recording' };
  if (rec === 'paused' || s.recording.status === 'paused') return { badge: 'ok', reason: 'paused' };
  return { badge: 'ok', reason: 'idle' };
}

/** The model file's name without its folder (the technician knows the folder from the docs). */
export function modelFileName(path: string | null): string | null {
  if (!path) return null;
  return path.split('/').pop() ?? path;
}

/** Bytes as MB / GB with one decimal, Vietnamese decimal comma when asked. */
export function formatBytes(bytes: number, lang: 'vi' | 'en'): string {
  const gb = bytes / 1024 ** 3;
  const text = gb >= 1 ? `${gb.toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return lang === 'vi' ? text.replace('.', ',') : text;
}
