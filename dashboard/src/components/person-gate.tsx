// Pages for logged-in people: while the session is being asked for, a short notice; nobody logged
// in, the login page (coming back here afterwards); a password to change first, the account page;
// a person without one of `roles`, a notice saying who the page is for. Otherwise the page.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { GlobalRole } from '../../../appliance/src/people/roles.ts';
import { ta } from '../i18n-admin.ts';
import { loadSession, loginHref, me, session } from '../session.ts';
import { Notice } from './key-gate.tsx';

export function PersonGate({
  roles,
  page,
  children,
}: {
  /** Any of these opens the page; absent: any logged-in person. */
  roles?: readonly GlobalRole[];
  /** The page's name, for the notice. */
  page: string;
  children: ComponentChildren;
}) {
  const am = ta.value;
  const s = session.value;
  const p = me.value;
  const restricted = p?.restricted ?? false;

  useEffect(() => {
    if (s.status === 'out') location.replace(loginHref());
    else if (restricted) {
      location.replace(`/account?returnTo=${encodeURIComponent(`${location.pathname}${location.search}`)}`);
    }
  }, [s.status, restricted]);

  if (s.status === 'loading') {
    return (
      <Notice testid="session-checking" title={am.checkingSession}>
        {null}
      </Notice>
    );
  }
  if (s.status === 'error') {
    return (
      <Notice testid="session-unreachable" title={am.unreachableTitle} tone="error">
        {am.unreachableBody}{' '}
        <button type="button" class="btn btn--primary notice__action" onClick={() => void loadSession()}>
          {am.retry}
        </button>
      </Notice>
    );
  }
  if (s.status === 'out' || !p) {
    return (
      <Notice testid="login-needed" title={am.loginNeededTitle}>
        {am.loginNeededBody}{' '}
        <a class="btn btn--primary notice__action" href={loginHref()}>
          {am.loginButton}
        </a>
      </Notice>
    );
  }
  if (restricted) {
    return (
      <Notice testid="must-change" title={am.mustChangeFirst}>
        {null}
      </Notice>
    );
  }
  if (roles && !p.roles.some((r) => roles.includes(r))) {
    return (
      <Notice testid="no-role" title={am.noRoleTitle} tone="error">
        {am.noRoleBody(page, roles.map((r) => am.roles[r]).join(', '))}{' '}
        <a class="btn notice__action" href="/">
          {am.backHome}
        </a>
      </Notice>
    );
  }
  return (
    <>
      <SessionLost />
      {children}
    </>
  );
}

/**
 * The session ended while the page was open: said at the top, with a login in a new tab, so what was
 * typed here stays; the next request from this page goes on with the new session.
 */
export function SessionLost() {
  const am = ta.value;
  const s = session.value;
  if (s.status !== 'in' || !s.lost) return null;
  return (
    <div class="banner banner--error session-lost" role="alert" data-testid="session-lost">
      <span class="banner__text">{am.sessionEnded}</span>
      <a class="btn btn--primary" href={loginHref()} target="_blank" rel="noopener">
        {am.sessionEndedLink}
      </a>
    </div>
  );
}
