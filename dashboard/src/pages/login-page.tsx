// `/login`: username and password (or the province's single sign-on when the appliance has one),
// every refusal said plainly: wrong password, locked (for how long), too many attempts from this
// device, an expired one-time password, and why SSO sent the browser back (`?sso=`). Then on to
// `returnTo` (a path of this appliance only), or first to the password change when one is due.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LangToggle } from '../components/lang-toggle.tsx';
import { t } from '../i18n.ts';
import { SSO_OUTCOMES, type SsoOutcome, ta } from '../i18n-admin.ts';
import { view } from '../room-store.ts';
import {
  authOptions,
  loadAuthOptions,
  login,
  logout,
  me,
  type Refusal,
  safeReturnTo,
  session,
} from '../session.ts';

/** The username typed at the last login, so the password page can warn about a password built on it. */
export const LAST_USERNAME = 'room.lastUsername';

function params() {
  const q = new URLSearchParams(location.search);
  return { returnTo: safeReturnTo(q.get('returnTo')), sso: q.get('sso') };
}

function lockedMinutes(r: Pick<Refusal, 'message' | 'retryAfter'>): number | null {
  if (r.retryAfter) return Math.max(1, Math.ceil(r.retryAfter / 60));
  const m = /(\d+)\s*min/.exec(r.message);
  return m ? Number(m[1]) : null;
}

export function LoginPage() {
  const m = t.value;
  const am = ta.value;
  const lm = am.login;
  const { returnTo, sso } = params();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The last refusal (said in the language shown now, so the toggle translates it too). */
  const [failure, setFailure] = useState<Pick<Refusal, 'code' | 'message' | 'retryAfter'> | null>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  const usernameField = useRef<HTMLInputElement>(null);
  const person = me.value;

  useEffect(() => {
    void loadAuthOptions();
    document.title = `${lm.title} · ${view.peek()?.room.name ?? m.roomFallback}`;
  }, [lm]);

  useEffect(() => {
    if (session.value.status === 'out') usernameField.current?.focus();
  }, [session.value.status]);

  const explain = (r: Pick<Refusal, 'code' | 'message' | 'retryAfter'>): string => {
    switch (r.code) {
      case 'E_LOGIN_FAILED':
        return lm.failed;
      case 'E_LOCKED':
        return lm.locked(lockedMinutes(r));
      case 'E_RATE_LIMITED':
        return lm.rateLimited(r.retryAfter ?? 60);
      case 'E_ONE_TIME_EXPIRED':
        return lm.otpExpired;
      case 'E_NETWORK':
        return lm.network;
      case 'E_VALIDATION':
        return lm.missing;
      default:
        return lm.other(r.message || r.code);
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const name = username.trim();
    if (!name || !password) {
      setFailure({ code: 'E_VALIDATION', message: '', retryAfter: null });
      (name ? passwordField : usernameField).current?.focus();
      return;
    }
    setBusy(true);
    const r = await login(name, password);
    if (r.ok) {
      try {
        sessionStorage.setItem(LAST_USERNAME, name);
      } catch {
        // Storage disabled: the password page checks the name only.
      }
      const s = session.peek();
      const mustChange = s.status === 'in' && s.mustChangePassword;
      location.assign(mustChange ? `/account?returnTo=${encodeURIComponent(returnTo)}` : returnTo);
      return;
    }
    setBusy(false);
    setFailure(r);
    // What was typed stays; the password is selected so it can simply be typed again.
    passwordField.current?.focus();
    passwordField.current?.select();
  };

  const ssoText = sso
    ? (SSO_OUTCOMES as readonly string[]).includes(sso)
      ? lm.sso[sso as SsoOutcome]
      : lm.ssoOther(sso)
    : null;
  const opts = authOptions.value;
  const roomName = view.value?.room.name ?? m.roomFallback;

  return (
    <div class="login-page" data-testid="login-page">
      <div class="login-page__lang">
        <LangToggle />
      </div>
      <div class="login-card">
        <aside class="login-card__brand" aria-hidden="true">
          <RoomArt />
          <p class="login-card__room">{roomName}</p>
          <p class="login-card__tagline">{lm.subtitle}</p>
        </aside>
        <main class="login-card__main">
          <h1 class="login-card__title">{lm.title}</h1>
          <p class="login-card__subtitle">{roomName}</p>

          {ssoText ? (
            <div class="form-failure" role="alert" data-testid="sso-error" data-code={sso ?? ''}>
              {ssoText}
            </div>
          ) : null}

          {person ? (
            <div class="login-already" data-testid="already-logged-in">
              <p>{lm.alreadyIn(person.name)}</p>
              <div class="login-already__actions">
                <a
                  class="btn btn--primary"
                  data-testid="login-continue"
                  href={person.restricted ? `/account?returnTo=${encodeURIComponent(returnTo)}` : returnTo}
                >
                  {lm.continueAs}
                </a>
                <button
                  type="button"
                  class="btn"
                  onClick={async () => {
                    await logout();
                    usernameField.current?.focus();
                  }}
                >
                  {lm.otherAccount}
                </button>
              </div>
            </div>
          ) : (
            <form class="login-form" onSubmit={submit} noValidate data-testid="login-form">
              <label class="field">
                <span class="field__label">{lm.username}</span>
                <input
                  ref={usernameField}
                  class="field__control field__control--large"
                  name="username"
                  data-testid="login-username"
                  autocomplete="username"
                  autocapitalize="none"
                  spellcheck={false}
                  value={username}
                  onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              <label class="field">
                <span class="field__label">{lm.password}</span>
                <span class="password-input">
                  <input
                    ref={passwordField}
                    class="field__control field__control--large"
                    name="password"
                    data-testid="login-password"
                    {...({ type: show ? 'text' : 'password' } as { type: 'password' })}
                    autocomplete="current-password"
                    value={password}
                    onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
                  />
                  <button
                    type="button"
                    class="password-input__toggle"
                    aria-pressed={show}
                    onClick={() => setShow(!show)}
                  >
                    {show ? lm.hidePassword : lm.showPassword}
                  </button>
                </span>
              </label>
              {failure ? (
                <div class="form-failure" role="alert" data-testid="login-error" data-code={failure.code}>
                  {explain(failure)}
                </div>
              ) : null}
              <button
                type="submit"
                class="btn btn--primary btn--wide btn--large"
                data-testid="login-submit"
                disabled={busy}
              >
                {busy ? lm.submitting : lm.submit}
              </button>
              {opts?.sso ? (
                <>
                  <div class="login-form__or">
                    <span>{lm.or}</span>
                  </div>
                  <a
                    class="btn btn--wide btn--large btn--sso"
                    data-testid="login-sso"
                    href={`${opts.sso.start}?returnTo=${encodeURIComponent(returnTo)}`}
                  >
                    {lm.ssoButton(opts.sso.label)}
                  </a>
                </>
              ) : null}
              <p class="login-form__hint">{lm.firstTime}</p>
            </form>
          )}
        </main>
      </div>
    </div>
  );
}

/** A meeting table seen from above, its seats and the wall screen: the room, not a logo. */
function RoomArt() {
  const seats = [0, 1, 2, 3, 4];
  return (
    <svg class="room-art" viewBox="0 0 240 170" role="presentation">
      <rect x="60" y="10" width="120" height="16" rx="4" class="room-art__screen" />
      <rect x="40" y="58" width="160" height="62" rx="31" class="room-art__table" />
      {seats.map((i) => (
        <circle key={`t${i}`} cx={64 + i * 28} cy="44" r="9" class="room-art__seat" />
      ))}
      {seats.map((i) => (
        <circle key={`b${i}`} cx={64 + i * 28} cy="134" r="9" class="room-art__seat" />
      ))}
      <circle cx="26" cy="89" r="10" class="room-art__seat room-art__seat--chair" />
      <circle cx="214" cy="89" r="9" class="room-art__seat" />
      {seats.map((i) => (
        <rect key={`m${i}`} x={60 + i * 28} y="62" width="8" height="6" rx="2" class="room-art__mic" />
      ))}
    </svg>
  );
}
