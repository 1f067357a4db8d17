// On the meeting page, for those who may read it (the chair, the secretary, system administrators):
// the way to the transcript once the meeting is published (the secretary opens it before the
// opening and follows it live). A secret meeting has none, and says why.
import { ttr } from '../../i18n-transcript.ts';
import type { MeetingView } from '../../meetings.ts';
import { me } from '../../session.ts';
import { mayReadTranscript } from '../../transcript-store.ts';
import { LockIcon, TranscriptIcon } from './icons.tsx';
import './transcript.css';

const SHOWN_FROM = new Set(['published', 'in_progress', 'paused', 'ended', 'archived']);

export function TranscriptLink({ meeting }: { meeting: MeetingView }) {
  const m = ttr.value;
  if (!SHOWN_FROM.has(meeting.status) || !mayReadTranscript(meeting, me.value?.roles ?? [])) return null;
  if (meeting.fields.secret) {
    return (
      <p class="tr-link tr-link--secret" data-testid="transcript-link-secret">
        <span class="tr-link__icon">
          <LockIcon />
        </span>
        <span class="tr-link__text">
          <span class="tr-link__title">{m.secretTitle}</span>
        </span>
      </p>
    );
  }
  const live = meeting.status === 'in_progress' || meeting.status === 'paused';
  return (
    <a
      class={`tr-link${live ? ' tr-link--live' : ''}`}
      href={`/meetings/${encodeURIComponent(meeting.id)}/transcript`}
      data-testid="transcript-link"
    >
      <span class="tr-link__icon">
        <TranscriptIcon />
      </span>
      <span class="tr-link__text">
        <span class="tr-link__title">{m.section}</span>
        <span class="tr-link__hint">{live ? m.live : m.linkHint}</span>
      </span>
      <span class="tr-link__arrow" aria-hidden="true">
        →
      </span>
    </a>
  );
}
