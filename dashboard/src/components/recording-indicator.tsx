// The recording indicator (issue 5, R-ROOM-4): "● Đang ghi âm" with a gently pulsing red dot, or
// "Tạm dừng ghi âm" and whose pause it is (the chair's holds until the chair resumes; the meeting's
// ends with the meeting's pause), each with how long it has held, from the room view's `recording`.
// Nothing while nothing is recorded — except while a secret meeting is in progress ("Mật", R-MTG-4:
// never recorded): "Họp mật: không ghi âm" (the room view's meeting says whether it is secret).
import { trec } from '../i18n-recording.ts';
import { view } from '../room-store.ts';
import { Elapsed } from './elapsed.tsx';

export function RecordingIndicator({
  large = false,
  secret = false,
}: {
  /** The wall display's size, read across the room. */
  large?: boolean;
  /** The meeting in progress is secret (also read from the room view). */
  secret?: boolean;
}) {
  const m = trec.value;
  const v = view.value;
  if (!v) return null;
  const r = v.recording;
  const cls = (state: string) => `rec rec--${state}${large ? ' rec--large' : ''}`;
  if (r.status === 'off') {
    if (!v.meeting || !(secret || v.meeting.secret)) return null;
    return (
      <div class={cls('secret')} data-testid="recording-indicator" data-status="secret">
        <span class="rec__icon" aria-hidden="true" />
        <span class="rec__text" role="status">
          <span class="rec__label">{m.secret}</span>
        </span>
      </div>
    );
  }
  const paused = r.status === 'paused';
  return (
    <div
      class={cls(r.status)}
      data-testid="recording-indicator"
      data-status={r.status}
      data-held={String(r.heldByChair)}
    >
      <span class="rec__icon" aria-hidden="true" />
      {/* Announced when the status changes; the ticking time stays out of the live region. */}
      <span class="rec__text" role="status">
        <span class="rec__label">{paused ? m.paused : m.recording}</span>
        {paused ? <span class="rec__why">{r.heldByChair ? m.byChair : m.withMeeting}</span> : null}
      </span>
      {r.since !== null ? <Elapsed since={r.since} class="rec__time" /> : null}
    </div>
  );
}
