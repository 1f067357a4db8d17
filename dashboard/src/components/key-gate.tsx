import type { ComponentChildren } from 'preact';
import { accessKey } from '../access-key.ts';
import { t } from '../i18n.ts';
import type { Principal } from '../room-store.ts';
import { auth, principal } from '../room-store.ts';
import { LangToggle } from './lang-toggle.tsx';

/**
 * Paired screens only: without a key, asks for the pairing link; with a refused key, says so; with a
 * key for another device (the chair's key on a seat tablet), says that. Otherwise shows the page.
 */
export function KeyGate({
  accepts,
  wrongDevice,
  children,
}: {
  accepts: (p: Principal) => boolean;
  wrongDevice: string;
  children: ComponentChildren;
}) {
  const m = t.value;
  if (!accessKey()) {
    return (
      <Notice testid="pairing-needed" title={m.pairingTitle}>
        {m.pairingBody}
      </Notice>
    );
  }
  if (auth.value === 'bad') {
    return (
      <Notice testid="auth-error" title={m.badKeyTitle} tone="error">
        {m.badKeyBody}
      </Notice>
    );
  }
  if (auth.value !== 'ok') {
    return (
      <Notice testid="auth-pending" title={m.checkingKey}>
        {null}
      </Notice>
    );
  }
  if (!accepts(principal.value)) {
    return (
      <Notice testid="auth-error" title={m.badKeyTitle} tone="error">
        {wrongDevice} {m.pairingBody}
      </Notice>
    );
  }
  return <>{children}</>;
}

export function Notice({
  title,
  children,
  testid,
  tone = 'info',
}: {
  title: string;
  children: ComponentChildren;
  testid: string;
  tone?: 'info' | 'error';
}) {
  return (
    <div class="notice-page">
      <div class="notice-page__lang">
        <LangToggle />
      </div>
      <div class={`notice notice--${tone}`} data-testid={testid} role={tone === 'error' ? 'alert' : 'status'}>
        <div class="notice__icon" aria-hidden="true">
          {tone === 'error' ? '!' : 'i'}
        </div>
        <h1 class="notice__title">{title}</h1>
        {children ? <p class="notice__body">{children}</p> : null}
      </div>
    </div>
  );
}
