import type { ComponentChildren } from 'preact';
import { t } from '../i18n.ts';
import { view } from '../room-store.ts';
import { LangToggle } from './lang-toggle.tsx';
import { SessionMenu } from './session-menu.tsx';

/**
 * Room name and what this screen is, page-specific facts in the middle, then the logged-in person
 * (name, logout; nothing on paired screens) and the language on the right.
 */
export function TopBar({ role, children }: { role: string; children?: ComponentChildren }) {
  return (
    <header class="top-bar">
      <div class="top-bar__title">
        <span class="top-bar__room" data-testid="room-name">
          {view.value?.room.name ?? t.value.roomFallback}
        </span>
        <span class="top-bar__role">{role}</span>
      </div>
      <div class="top-bar__middle">{children}</div>
      <SessionMenu />
      <LangToggle />
    </header>
  );
}
