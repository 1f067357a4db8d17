// Modal dialogs on the browser's own <dialog> (focus kept inside, the page behind inert): a
// confirmation that stays open and says why when the appliance refuses, and the one-time password,
// shown once with a copy button and its expiry, closed only by its button.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { refusalText } from '../admin-store.ts';
import { copyText } from '../clipboard.ts';
import { t } from '../i18n.ts';
import { ta } from '../i18n-admin.ts';

export function Modal({
  children,
  onClose,
  testid,
  labelledBy,
  closable = true,
  tone = 'info',
}: {
  children: ComponentChildren;
  onClose: () => void;
  testid: string;
  labelledBy: string;
  /** False: Escape does nothing; only a button in the dialog closes it. */
  closable?: boolean;
  tone?: 'info' | 'danger' | 'secret';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={`modal modal--${tone}`}
      data-testid={testid}
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault();
        if (closable) onClose();
      }}
    >
      {children}
    </dialog>
  );
}

export function ConfirmDialog({
  title,
  body,
  confirm,
  tone = 'info',
  onConfirm,
  onClose,
  testid = 'confirm-dialog',
}: {
  title: string;
  body: string;
  confirm: string;
  tone?: 'info' | 'danger';
  /** Resolves to null when done (the dialog closes), or the refusal to show. */
  onConfirm: () => Promise<{ code: string; message: string } | null>;
  onClose: () => void;
  testid?: string;
}) {
  const m = t.value;
  const am = ta.value;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const go = async () => {
    setBusy(true);
    const r = await onConfirm();
    setBusy(false);
    if (r) setFailure(r);
    else onClose();
  };
  const f = failure ? refusalText(m, am, failure) : null;
  return (
    <Modal onClose={onClose} testid={testid} labelledBy="confirm-title" tone={tone}>
      <div class="modal__icon" aria-hidden="true">
        {tone === 'danger' ? '!' : '?'}
      </div>
      <h2 class="modal__title" id="confirm-title">
        {title}
      </h2>
      <p class="modal__body">{body}</p>
      {f ? (
        <div class="form-failure" role="alert" data-testid="confirm-error">
          {f.text}
          {f.detail ? <span class="form-failure__detail">{f.detail}</span> : null}
        </div>
      ) : null}
      <div class="modal__actions">
        <button type="button" class="btn" onClick={onClose} disabled={busy}>
          {am.cancel}
        </button>
        <button
          type="button"
          class={tone === 'danger' ? 'btn btn--danger' : 'btn btn--primary'}
          data-testid="confirm-ok"
          onClick={go}
          disabled={busy}
        >
          {busy ? am.saving : confirm}
        </button>
      </div>
    </Modal>
  );
}

/** The one-time password for `name`: shown this once, copied with a press, closed by its button. */
export function OneTimeDialog({
  name,
  username,
  password,
  expiresAt,
  onClose,
}: {
  name: string;
  username: string | null;
  password: string;
  expiresAt: number;
  onClose: () => void;
}) {
  const am = ta.value;
  const a = am.admin;
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => setCopied((await copyText(password)) ? 'yes' : 'failed');
  return (
    <Modal onClose={onClose} testid="otp-dialog" labelledBy="otp-title" closable={false} tone="secret">
      <div class="modal__icon modal__icon--key" aria-hidden="true">
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          width="28"
          height="28"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
        >
          <circle cx="8" cy="15" r="4" />
          <path d="M10.8 12.2 20 3M16 7l3 3M14 9l2 2" stroke-linecap="round" />
        </svg>
      </div>
      <h2 class="modal__title" id="otp-title">
        {a.otpTitle}
      </h2>
      <p class="modal__subtitle">{a.otpFor(name)}</p>
      {username ? (
        <div class="otp__row">
          <span class="otp__label">{a.otpUsername}</span>
          <code class="otp__username" data-testid="otp-username">
            {username}
          </code>
        </div>
      ) : null}
      <div class="otp__secret">
        <span class="otp__label">{a.otpPassword}</span>
        <div class="otp__box">
          <output class="otp__password" data-testid="otp-password" aria-label={a.otpPassword}>
            {password}
          </output>
          <button type="button" class="btn btn--primary otp__copy" data-testid="otp-copy" onClick={copy}>
            {copied === 'yes' ? `✓ ${a.otpCopied}` : a.otpCopy}
          </button>
        </div>
        {copied === 'failed' ? <p class="otp__copy-failed">{a.otpCopyFailed}</p> : null}
      </div>
      <ul class="otp__facts">
        <li data-testid="otp-expires">
          <span class="otp__fact-icon" aria-hidden="true">
            <svg
              aria-hidden="true"
              viewBox="0 0 24 24"
              width="14"
              height="14"
              fill="none"
              stroke="currentColor"
              stroke-width="2.4"
            >
              <circle cx="12" cy="13" r="8" />
              <path d="M12 9v4l2.5 2M9 2h6" stroke-linecap="round" />
            </svg>
          </span>
          {a.otpExpires(am.dateTime(expiresAt))}
        </li>
        <li>
          <span class="otp__fact-icon" aria-hidden="true">
            <svg
              aria-hidden="true"
              viewBox="0 0 24 24"
              width="14"
              height="14"
              fill="none"
              stroke="currentColor"
              stroke-width="2.4"
            >
              <path d="M20 12a8 8 0 1 1-2.3-5.7M20 4v4h-4" stroke-linecap="round" stroke-linejoin="round" />
            </svg>
          </span>
          {a.otpMustChange}
        </li>
        <li class="otp__fact--warn">
          <span class="otp__fact-icon" aria-hidden="true">
            !
          </span>
          {a.otpOnce}
        </li>
      </ul>
      <div class="modal__actions">
        <button type="button" class="btn btn--primary btn--wide" data-testid="otp-done" onClick={onClose}>
          {a.otpDone}
        </button>
      </div>
    </Modal>
  );
}
