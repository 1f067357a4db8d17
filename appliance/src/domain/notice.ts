// Notice lead times (R-MTG-3): how long before a meeting starts its invitation must go out, per kind of
// meeting. Pure: the caller passes the publishing time and the deployment's settings. A late
// publication is not refused, only recorded and warned about: an emergency does not wait for a rule,
// and the regulations ask the system to warn, not to block.
import Type from 'typebox';
import type { MeetingKind } from './meeting.ts';

const Minutes = Type.Integer({ minimum: 0, maximum: 60 * 24 * 365, description: 'minutes' });

/** Minimum lead time in minutes per kind of meeting: a deployment setting. */
export const NoticeSettingsSchema = Type.Object(
  { regular: Minutes, ad_hoc: Minutes, emergency: Minutes },
  { additionalProperties: false },
);
export type NoticeSettings = Record<MeetingKind, number>;

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * R-MTG-3. Regular: 3 days and ad hoc: 1 day are the strictest the provinces set (BP; BĐ asks 2 days
 * and VL 1 day for regular meetings, VL 4 hours for ad-hoc ones), so the default warns in every one of
 * them. Emergency (storm, flood, fire): 3 hours, BĐ's rule, the only province that sets one.
 * Deployments change them to their own regulation.
 */
export const DEFAULT_NOTICE: NoticeSettings = { regular: 3 * DAY, ad_hoc: 1 * DAY, emergency: 3 * HOUR };

export interface NoticeResult {
  /** The lead time the settings ask for this kind of meeting. */
  requiredMinutes: number;
  /** Whole minutes between publishing and the start, rounded down; negative when published after it. */
  actualMinutes: number;
  late: boolean;
}

const MINUTE_MS = 60_000;

/** Whether publishing at `publishedAt` (ms) gives the notice a meeting of `kind` starting at `startsAt` needs. */
export function checkNotice(
  kind: MeetingKind,
  startsAt: number,
  publishedAt: number,
  settings: NoticeSettings,
): NoticeResult {
  const requiredMinutes = settings[kind];
  const leadMs = startsAt - publishedAt;
  // Compared in milliseconds, not in rounded minutes: exactly the lead time is in time, a millisecond
  // less is late (rounding could otherwise call 2 days minus 30 s "2 days").
  return {
    requiredMinutes,
    actualMinutes: Math.floor(leadMs / MINUTE_MS),
    late: leadMs < requiredMinutes * MINUTE_MS,
  };
}
