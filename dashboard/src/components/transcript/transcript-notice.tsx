// What the transcript page says instead of the transcript: refused, not found, a secret meeting.
// The notice card of the other pages, inside this page (under its top bar, which already has the
// language toggle), not a page of its own.
import type { ComponentChildren } from 'preact';
import { LockIcon } from './icons.tsx';

export function TranscriptNotice({
  title,
  children,
  testid,
  tone,
}: {
  title: string;
  children: ComponentChildren;
  testid: string;
  tone: 'error' | 'secret';
}) {
  return (
    <main class="tr-notice">
      <div
        class={`notice notice--${tone === 'error' ? 'error' : 'info'} tr-notice__card`}
        data-testid={testid}
        role={tone === 'error' ? 'alert' : 'status'}
      >
        <div class="notice__icon" aria-hidden="true">
          {tone === 'error' ? '!' : <LockIcon size={28} />}
        </div>
        <h1 class="notice__title">{title}</h1>
        <p class="notice__body">{children}</p>
      </div>
    </main>
  );
}
