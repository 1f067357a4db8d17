// `/account`: change one's password. After a one-time password (or once it has expired) this is the
// only page a person can use: the appliance refuses everything else until it is done. The rules of
// the password policy are ticked off while typing (the minimum length from /api/auth/options); what
// only the appliance can judge (well-known passwords, the last five) it says, in words, on submit.
// Nothing typed is lost on a refusal. Then on to `returnTo`.
import { useEffect, useState } from 'preact/hooks';
import { fold } from '../admin-store.ts';
import { Notice } from '../components/key-gate.tsx';
import { SessionLost } from '../components/person-gate.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { type AdminMessages, ta } from '../i18n-admin.ts';
import {
  authOptions,
  changePassword,
  loadAuthOptions,
  loginHref,
  type PasswordProblem,
  safeReturnTo,
  session,
} from '../session.ts';
import { LAST_USERNAME } from './login-page.tsx';

const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u];
const classesOf = (s: string) => CLASSES.filter((r) => r.test(s)).length;

/** What the appliance found wrong, or what the page found before sending. */
type Problem = PasswordProblem | { code: 'same' } | { code: 'mismatch' };

function problemText(am: AdminMessages, p: Problem): string {
  const pm = am.account.problems;
  switch (p.code) {
    case 'same':
      return am.account.sameAsCurrent;
    case 'mismatch':
      return am.account.mismatch;
    case 'too_short':
      return pm.too_short(p.min);
    case 'too_long':
      return pm.too_long(p.max);
    case 'too_simple':
      return pm.too_simple;
    case 'contains_name':
      return pm.contains_name;
    case 'common':
      return pm.common;
    case 'reused':
      return pm.reused(p.last);
  }
  return (p as { code: string }).code;
}

type Check = 'ok' | 'bad' | 'todo' | 'info';

export function AccountPage() {
  const am = ta.value;
  const s = session.value;
  useEffect(() => {
    if (s.status === 'out') location.replace(loginHref('/account'));
  }, [s.status]);
  useEffect(() => {
    document.title = `${am.pages.account} · ${am.account.title}`;
  }, [am]);
  if (s.status === 'loading') {
    return (
      <Notice testid="session-checking" title={am.checkingSession}>
        {null}
      </Notice>
    );
  }
  if (s.status !== 'in') {
    return (
      <Notice testid="login-needed" title={am.loginNeededTitle}>
        {am.loginNeededBody}{' '}
        <a class="btn btn--primary notice__action" href={loginHref('/account')}>
          {am.loginButton}
        </a>
      </Notice>
    );
  }
  return (
    <>
      <SessionLost />
      <PasswordChange />
    </>
  );
}

function PasswordChange() {
  const am = ta.value;
  const ac = am.account;
  const s = session.value;
  const person = s.status === 'in' ? s.person : null;
  const forced = s.status === 'in' ? s.mustChangePassword : false;
  const expiresAt = s.status === 'in' ? s.passwordExpiresAt : null;
  const returnTo = safeReturnTo(new URLSearchParams(location.search).get('returnTo'));

  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  // Kept as codes, said in the language on screen (the toggle translates them too).
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [currentError, setCurrentError] = useState<'missing' | 'wrong' | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    void loadAuthOptions();
  }, []);

  const min = authOptions.value?.password.minLength ?? 12;
  const max = authOptions.value?.password.maxLength ?? 128;
  let username = '';
  try {
    username = sessionStorage.getItem(LAST_USERNAME) ?? '';
  } catch {
    username = '';
  }
  const nameParts = [person?.name ?? '', username]
    .flatMap((n) => fold(n).split(/[\s._@-]+/))
    .filter((p) => p.length >= 4);
  const folded = fold(next);
  const classes = classesOf(next);
  const chars = [...next].length;
  const touched = next.length > 0;

  const checks: { id: string; text: string; state: Check; extra?: string }[] = [
    { id: 'length', text: ac.ruleLength(min), state: !touched ? 'todo' : chars >= min ? 'ok' : 'bad' },
    {
      id: 'classes',
      text: ac.ruleClasses,
      state: !touched ? 'todo' : classes >= 3 ? 'ok' : 'bad',
      extra: touched ? ac.ruleClassesDetail(classes) : undefined,
    },
    {
      id: 'name',
      text: ac.ruleName,
      state: !touched ? 'todo' : nameParts.some((p) => folded.includes(p)) ? 'bad' : 'info',
    },
    {
      id: 'same',
      text: ac.ruleSame,
      state: !touched || !current ? 'todo' : next === current ? 'bad' : 'ok',
    },
    {
      id: 'match',
      text: ac.ruleMatch,
      state: !repeat ? 'todo' : repeat === next ? 'ok' : 'bad',
    },
    { id: 'common', text: ac.ruleCommon, state: 'info' },
    { id: 'history', text: ac.ruleHistory, state: 'info' },
  ];

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setCurrentError(null);
    const local: Problem[] = [];
    if (chars < min) local.push({ code: 'too_short', min });
    if (chars > max) local.push({ code: 'too_long', max });
    if (next && next === current) local.push({ code: 'same' });
    if (repeat !== next) local.push({ code: 'mismatch' });
    if (!current) setCurrentError('missing');
    if (local.length || !current) {
      setProblems(local);
      setFailure({ code: 'refused', message: '' });
      return;
    }
    setBusy(true);
    const r = await changePassword(current, next);
    setBusy(false);
    if (r.ok) {
      setDone(true);
      setFailure(null);
      setProblems([]);
      return;
    }
    if (r.code === 'E_BAD_PASSWORD') {
      setCurrentError('wrong');
      setProblems([]);
      setFailure({ code: 'refused', message: '' });
    } else if (r.code === 'E_WEAK_PASSWORD' || r.problems.length) {
      setProblems(r.problems);
      setFailure({ code: 'refused', message: '' });
    } else {
      setProblems([]);
      setFailure(r);
    }
  };

  if (done) {
    return (
      <div class="page page--account">
        <TopBar role={am.pages.account} />
        <main class="account">
          <section class="account-card account-card--done" data-testid="password-changed">
            <div class="account-card__check" aria-hidden="true">
              ✓
            </div>
            <h1 class="account-card__title">{ac.done}</h1>
            <p class="account-card__lead">{ac.doneBody}</p>
            <a class="btn btn--primary btn--large" href={returnTo} data-testid="account-continue">
              {ac.continue}
            </a>
          </section>
        </main>
      </div>
    );
  }

  const ssoOnly = person?.via === 'sso';
  const type = show ? 'text' : 'password';
  const input = (
    value: string,
    set: (v: string) => void,
    testid: string,
    autocomplete: string,
    invalid: boolean,
  ) => (
    <input
      id={testid}
      class={
        invalid
          ? 'field__control field__control--large field__control--invalid'
          : 'field__control field__control--large'
      }
      {...({ type } as { type: 'text' })}
      data-testid={testid}
      autocomplete={autocomplete}
      value={value}
      aria-invalid={invalid}
      onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
    />
  );

  return (
    <div class="page page--account">
      <TopBar role={am.pages.account} />
      <main class="account">
        <section class="account-card" data-testid="account-page" data-forced={forced || 'no'}>
          <div class="account-card__head">
            <div
              class={`account-card__icon${forced ? ' account-card__icon--forced' : ''}`}
              aria-hidden="true"
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                width="30"
                height="30"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
              >
                <rect x="4" y="10" width="16" height="11" rx="2" />
                <path d="M8 10V7a4 4 0 0 1 8 0v3" stroke-linecap="round" />
              </svg>
            </div>
            <div>
              <h1 class="account-card__title">{forced ? ac.forcedTitle : ac.title}</h1>
              {person ? <p class="account-card__who">{person.name}</p> : null}
            </div>
          </div>
          <p
            class={forced ? 'account-card__lead account-card__lead--forced' : 'account-card__lead'}
            data-testid="account-reason"
          >
            {forced === 'must_change' ? ac.mustChange : forced === 'expired' ? ac.expired : ac.voluntary}
            {!forced && expiresAt ? ` ${ac.expiresOn(am.date(expiresAt))}` : ''}
          </p>
          {ssoOnly ? (
            <div class="form-failure form-failure--info">{ac.ssoOnly}</div>
          ) : (
            <form class="account-form" onSubmit={submit} noValidate data-testid="password-form">
              <div class="account-form__fields">
                <div class={currentError ? 'field field--invalid' : 'field'}>
                  <label class="field__label" for="password-current">
                    {forced === 'must_change' ? ac.currentOneTime : ac.current}
                  </label>
                  {input(
                    current,
                    (v) => {
                      setCurrent(v);
                      setCurrentError(null);
                      if (problems.length === 0) setFailure(null);
                    },
                    'password-current',
                    'current-password',
                    !!currentError,
                  )}
                  {currentError ? (
                    <span class="field__error" data-testid="error-current">
                      {currentError === 'wrong' ? ac.wrongCurrent : ac.currentMissing}
                    </span>
                  ) : null}
                </div>
                <div class={submitted && problems.length ? 'field field--invalid' : 'field'}>
                  <label class="field__label" for="password-next">
                    {ac.next}
                  </label>
                  {input(
                    next,
                    (v) => {
                      // What the appliance said was about the password as it was.
                      setNext(v);
                      setProblems([]);
                      if (!currentError) setFailure(null);
                    },
                    'password-next',
                    'new-password',
                    submitted && problems.length > 0,
                  )}
                </div>
                <div class={repeat && repeat !== next ? 'field field--invalid' : 'field'}>
                  <label class="field__label" for="password-repeat">
                    {ac.repeat}
                  </label>
                  {input(
                    repeat,
                    setRepeat,
                    'password-repeat',
                    'new-password',
                    !!repeat && repeat !== next && submitted,
                  )}
                </div>
                <label class="check check--small">
                  <input type="checkbox" checked={show} onChange={() => setShow(!show)} />
                  {ac.showPasswords}
                </label>
                {failure ? (
                  <div class="form-failure" role="alert" data-testid="password-error">
                    {failure.code === 'refused'
                      ? ac.refused
                      : failure.code === 'E_NO_LOCAL_ACCOUNT'
                        ? ac.ssoOnly
                        : (am.errors[failure.code] ?? am.login.other(failure.message || failure.code))}
                    {problems.length ? (
                      <ul class="form-failure__list" data-testid="password-problems">
                        {problems.map((p) => (
                          <li key={p.code} data-code={p.code}>
                            {problemText(am, p)}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                ) : null}
                <button
                  type="submit"
                  class="btn btn--primary btn--large btn--wide"
                  data-testid="password-submit"
                  disabled={busy}
                >
                  {busy ? ac.submitting : ac.submit}
                </button>
              </div>
              <aside class="rules" aria-live="polite">
                <p class="rules__title">{ac.rules}</p>
                <ul class="rules__list" data-testid="password-rules">
                  {checks.map((c) => (
                    <li key={c.id} class={`rule rule--${c.state}`} data-rule={c.id} data-state={c.state}>
                      <span class="rule__mark" aria-hidden="true">
                        {c.state === 'ok' ? '✓' : c.state === 'bad' ? '✕' : '•'}
                      </span>
                      <span class="rule__text">
                        {c.text}
                        {c.extra ? <span class="rule__extra"> · {c.extra}</span> : null}
                      </span>
                    </li>
                  ))}
                </ul>
              </aside>
            </form>
          )}
        </section>
      </main>
    </div>
  );
}
