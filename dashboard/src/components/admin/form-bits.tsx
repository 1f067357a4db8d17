// Pieces the administration forms share: a labelled text field with its error under it, the
// form's failure box (a sentence, and the appliance's own words), the checks made before sending
// (the same patterns the appliance's schemas use), and the appliance's refusal spread over the
// fields its `details` name.
import type { ComponentChildren } from 'preact';
import { fieldOf, type Refusal, refusalText } from '../../admin-store.ts';
import { t } from '../../i18n.ts';
import { type AdminMessages, ta } from '../../i18n-admin.ts';

export type FieldErrors = Record<string, string>;

export function TextField({
  name,
  label,
  value,
  onInput,
  error,
  hint,
  optional,
  type = 'text',
  placeholder,
  mono,
  disabled,
  autocomplete = 'off',
}: {
  name: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string | undefined;
  hint?: string;
  optional?: boolean;
  type?: string;
  placeholder?: string;
  mono?: boolean;
  disabled?: boolean;
  autocomplete?: string;
}) {
  const am = ta.value;
  return (
    <label class={error ? 'field field--invalid' : 'field'}>
      <span class="field__label">
        {label}
        {optional ? <span class="field__optional"> · {am.optional}</span> : null}
      </span>
      <input
        class={mono ? 'field__control field__control--mono' : 'field__control'}
        name={name}
        data-testid={`field-${name}`}
        // Preact types `type` per ARIA role; these text-like kinds all take the same attributes.
        {...({ type } as { type: 'text' })}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        autocomplete={autocomplete}
        spellcheck={!mono}
        aria-invalid={!!error}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {error ? (
        <span class="field__error" data-testid={`error-${name}`}>
          {error}
        </span>
      ) : hint ? (
        <span class="field__hint">{hint}</span>
      ) : null}
    </label>
  );
}

export function FormFailure({
  failure,
  testid = 'form-error',
}: {
  failure: Pick<Refusal, 'code' | 'message'> | { text: string } | null;
  testid?: string;
}) {
  const m = t.value;
  const am = ta.value;
  if (!failure) return null;
  const f = 'text' in failure ? { text: failure.text, detail: null } : refusalText(m, am, failure);
  return (
    <div
      class="form-failure"
      role="alert"
      data-testid={testid}
      data-code={'code' in failure ? failure.code : ''}
    >
      {f.text}
      {f.detail ? <span class="form-failure__detail">{f.detail}</span> : null}
    </div>
  );
}

export function Section({
  title,
  children,
  testid,
  aside,
}: {
  title: string;
  children: ComponentChildren;
  testid?: string;
  aside?: ComponentChildren;
}) {
  return (
    <section class="admin-section" data-testid={testid}>
      <div class="admin-section__head">
        <h3 class="admin-section__title">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+ ().-]{3,30}$/;

export interface PersonDraft {
  unitId: string;
  fullName: string;
  title: string;
  email: string;
  phone: string;
  ssoSubject: string;
  username: string;
}

/** Name, title, e-mail and phone of a person: the same fields when adding and when editing. */
export function PersonContactFields({
  d,
  set,
  errors,
}: {
  d: PersonDraft;
  set: (k: keyof PersonDraft) => (v: string) => void;
  errors: FieldErrors;
}) {
  const a = ta.value.admin;
  return (
    <>
      <TextField
        name="fullName"
        label={a.fullName}
        value={d.fullName}
        onInput={set('fullName')}
        error={errors.fullName}
      />
      <TextField
        name="title"
        label={a.titleField}
        value={d.title}
        onInput={set('title')}
        error={errors.title}
        optional
      />
      <TextField
        name="email"
        label={a.email}
        type="email"
        value={d.email}
        onInput={set('email')}
        error={errors.email}
        optional
      />
      <TextField
        name="phone"
        label={a.phone}
        type="tel"
        value={d.phone}
        onInput={set('phone')}
        error={errors.phone}
        optional
      />
    </>
  );
}

/** The checks the appliance will make, made first so a slip is marked before anything is sent. */
export function checkPerson(am: AdminMessages, d: PersonDraft, withUsername: boolean): FieldErrors {
  const e: FieldErrors = {};
  const inv = am.admin.invalid;
  if (!d.fullName.trim() || d.fullName.trim().length > 200) e.fullName = inv.fullName;
  if (d.title.trim().length > 200) e.title = inv.title;
  if (d.email.trim() && !EMAIL.test(d.email.trim())) e.email = inv.email;
  if (d.phone.trim() && !PHONE.test(d.phone.trim())) e.phone = inv.phone;
  if (withUsername && d.username.trim() && !USERNAME.test(d.username.trim())) e.username = inv.username;
  return e;
}

export const checkUsername = (am: AdminMessages, u: string): string | null =>
  USERNAME.test(u.trim()) ? null : am.admin.invalid.username;

/** The appliance's refusal, on the fields it names; what names no field stays with the form. */
export function fieldErrorsOf(am: AdminMessages, r: Refusal): FieldErrors {
  const inv = am.admin.invalid as Record<string, string>;
  const e: FieldErrors = {};
  for (const d of r.details) {
    const f = fieldOf(d.path);
    e[f] = inv[f] ?? d.message;
  }
  if (r.code === 'E_CONFLICT' && /username/i.test(r.message)) e.username = am.admin.invalid.usernameTaken;
  if (r.code === 'E_CONFLICT' && /sso subject/i.test(r.message)) e.ssoSubject = am.admin.invalid.ssoSubject;
  return e;
}

/** Empty optional text → null (cleared), else trimmed. */
export const orNull = (s: string): string | null => (s.trim() ? s.trim() : null);
