// One person: their details (edited in place), their roles, their login account (status, expiry,
// lock, last login; a new one-time password on request, or an account for someone without one),
// and deactivating or reactivating them, each behind a confirmation. Every answer of the appliance
// replaces what the page shows; a refusal keeps what was typed and says why.
import { useEffect, useState } from 'preact/hooks';
import type { GlobalRole } from '../../../../appliance/src/people/roles.ts';
import {
  type AccountStatus,
  hue,
  initials,
  type OneTime,
  type Person,
  putPerson,
  type Refusal,
  unitName,
  units,
} from '../../admin-store.ts';
import { api } from '../../api.ts';
import { ta } from '../../i18n-admin.ts';
import { ConfirmDialog } from '../dialog.tsx';
import {
  checkPerson,
  checkUsername,
  type FieldErrors,
  FormFailure,
  fieldErrorsOf,
  orNull,
  PersonContactFields,
  type PersonDraft,
  Section,
  TextField,
} from './form-bits.tsx';
import { RolePicker } from './person-create.tsx';
import type { Viewer } from './persons-tab.tsx';

const enc = encodeURIComponent;
const draftOf = (p: Person): PersonDraft => ({
  unitId: p.unitId,
  fullName: p.fullName,
  title: p.title ?? '',
  email: p.email ?? '',
  phone: p.phone ?? '',
  ssoSubject: p.ssoSubject ?? '',
  username: p.username ?? '',
});

export function PersonDetail({
  person: p,
  viewer,
  onOneTime,
}: {
  person: Person;
  viewer: Viewer;
  onOneTime: (o: OneTime) => void;
}) {
  const am = ta.value;
  const a = am.admin;
  const [confirm, setConfirm] = useState<'deactivate' | 'activate' | null>(null);

  return (
    <div class="admin-card person-detail" data-testid="person-detail" data-id={p.id}>
      <header class="person-head">
        <span class={`avatar avatar--large avatar--h${hue(p.id)}`} aria-hidden="true">
          {initials(p.fullName)}
        </span>
        <div class="person-head__text">
          <h2 class="person-head__name" data-testid="detail-name">
            {p.fullName}
          </h2>
          <p class="person-head__meta">
            {p.title ? `${p.title} · ` : ''}
            {unitName(p.unitId)}
          </p>
        </div>
        <span
          class={p.active ? 'state-chip state-chip--on' : 'state-chip state-chip--off'}
          data-testid="detail-state"
          data-active={p.active}
        >
          {p.active ? a.active : a.inactive}
        </span>
      </header>

      <AccountSection person={p} onOneTime={onOneTime} />
      <RolesForm person={p} viewer={viewer} />
      <DetailsForm person={p} viewer={viewer} />

      <div class="person-detail__footer">
        {p.active ? (
          <button
            type="button"
            class="btn btn--danger-soft"
            data-testid="deactivate"
            onClick={() => setConfirm('deactivate')}
          >
            {a.deactivate}
          </button>
        ) : (
          <button type="button" class="btn" data-testid="activate" onClick={() => setConfirm('activate')}>
            {a.activate}
          </button>
        )}
      </div>
      {confirm ? (
        <ConfirmDialog
          title={confirm === 'deactivate' ? a.deactivateConfirm(p.fullName) : a.activateConfirm(p.fullName)}
          body={confirm === 'deactivate' ? a.deactivateBody : a.activateBody}
          confirm={confirm === 'deactivate' ? a.deactivate : a.activate}
          tone={confirm === 'deactivate' ? 'danger' : 'info'}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            const r = await api('POST', `/api/persons/${enc(p.id)}/${confirm}`, {});
            if (!r.ok) return r;
            putPerson(r.data as Person);
            return null;
          }}
        />
      ) : null}
    </div>
  );
}

function DetailsForm({ person: p, viewer }: { person: Person; viewer: Viewer }) {
  const am = ta.value;
  const a = am.admin;
  const [d, setD] = useState<PersonDraft>(draftOf(p));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Refusal | { text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const base = draftOf(p);
  const changed = (Object.keys(base) as (keyof PersonDraft)[]).filter(
    (k) => k !== 'username' && d[k].trim() !== base[k].trim(),
  );
  const set = (k: keyof PersonDraft) => (v: string) => {
    setD({ ...d, [k]: v });
    setSaved(false);
  };
  const selectable = (units.value ?? []).filter(
    (u) => (u.active && (viewer.isSys || u.id === viewer.unitId)) || u.id === p.unitId,
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || changed.length === 0) return;
    const local = checkPerson(am, d, false);
    setErrors(local);
    if (Object.keys(local).length) {
      setFailure({ text: a.fieldErrors });
      return;
    }
    const body: Record<string, unknown> = {};
    for (const k of changed) body[k] = k === 'fullName' || k === 'unitId' ? d[k].trim() : orNull(d[k]);
    setBusy(true);
    const r = await api('PATCH', `/api/persons/${enc(p.id)}`, body);
    setBusy(false);
    if (!r.ok) {
      const fe = fieldErrorsOf(am, r);
      setErrors(fe);
      setFailure(Object.keys(fe).length && r.code !== 'E_FORBIDDEN' ? { text: a.fieldErrors } : r);
      return;
    }
    setErrors({});
    setFailure(null);
    setSaved(true);
    const next = r.data as Person;
    putPerson(next);
    setD(draftOf(next));
  };

  return (
    <Section
      title={a.details}
      testid="person-details"
      aside={
        saved ? (
          <span class="saved-note" data-testid="details-saved">
            ✓ {a.detailsSaved}
          </span>
        ) : changed.length ? (
          <span class="unsaved-note">{a.saveFirst}</span>
        ) : null
      }
    >
      <form class="form-grid" onSubmit={submit} noValidate>
        <PersonContactFields d={d} set={set} errors={errors} />
        <label class="field">
          <span class="field__label">{a.unit}</span>
          <select
            class="field__control"
            data-testid="field-unitId"
            value={d.unitId}
            disabled={!viewer.isSys}
            onChange={(e) => set('unitId')((e.currentTarget as HTMLSelectElement).value)}
          >
            {selectable.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <TextField
          name="ssoSubject"
          label={a.ssoSubject}
          value={d.ssoSubject}
          onInput={set('ssoSubject')}
          error={errors.ssoSubject}
          hint={a.ssoSubjectHint}
          optional
          mono
        />
        <div class="form-grid__wide">
          <FormFailure failure={failure} testid="details-error" />
        </div>
        <div class="form-grid__wide form-actions">
          <button
            type="submit"
            class="btn btn--primary"
            data-testid="details-save"
            disabled={busy || changed.length === 0}
          >
            {busy ? am.saving : am.save}
          </button>
          {changed.length ? (
            <button
              type="button"
              class="btn btn--ghost"
              onClick={() => {
                setD(base);
                setErrors({});
                setFailure(null);
              }}
            >
              {am.cancel}
            </button>
          ) : null}
        </div>
      </form>
    </Section>
  );
}

function RolesForm({ person: p, viewer }: { person: Person; viewer: Viewer }) {
  const am = ta.value;
  const a = am.admin;
  const [roles, setRoles] = useState<GlobalRole[]>(p.roles);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Refusal | null>(null);
  const [saved, setSaved] = useState(false);
  const same = roles.length === p.roles.length && roles.every((r) => p.roles.includes(r));
  const save = async () => {
    setBusy(true);
    const r = await api('PUT', `/api/persons/${enc(p.id)}/roles`, { roles });
    setBusy(false);
    if (!r.ok) {
      setFailure(r);
      return;
    }
    setFailure(null);
    setSaved(true);
    const next = r.data as Person;
    putPerson(next);
    setRoles(next.roles);
  };
  return (
    <Section
      title={a.rolesTitle}
      testid="person-roles"
      aside={
        saved && same ? (
          <span class="saved-note" data-testid="roles-saved">
            ✓ {a.rolesSaved}
          </span>
        ) : !same ? (
          <span class="unsaved-note">{a.saveFirst}</span>
        ) : null
      }
    >
      <RolePicker
        viewer={viewer}
        roles={roles}
        onChange={(r) => {
          setRoles(r);
          setSaved(false);
        }}
      />
      <FormFailure failure={failure} testid="roles-error" />
      <div class="form-actions">
        <button
          type="button"
          class="btn btn--primary"
          data-testid="roles-save"
          disabled={busy || same}
          onClick={save}
        >
          {busy ? am.saving : a.saveRoles}
        </button>
        {!same ? (
          <button type="button" class="btn btn--ghost" onClick={() => setRoles(p.roles)}>
            {am.cancel}
          </button>
        ) : null}
      </div>
    </Section>
  );
}

function AccountSection({ person: p, onOneTime }: { person: Person; onOneTime: (o: OneTime) => void }) {
  const am = ta.value;
  const a = am.admin;
  const [status, setStatus] = useState<AccountStatus | null>(null);
  const [loadFailure, setLoadFailure] = useState<Refusal | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [username, setUsername] = useState('');
  const [usernameError, setUsernameError] = useState<string | null>(null);
  const [failure, setFailure] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const now = Date.now();

  const load = async () => {
    if (!p.username) return;
    const r = await api('GET', `/api/persons/${enc(p.id)}/account`);
    if (r.ok) {
      setStatus(r.data as AccountStatus);
      setLoadFailure(null);
    } else setLoadFailure(r);
  };
  // Again whenever the person changes (reactivated, reset, roles): the account may have too.
  useEffect(() => {
    void load();
  }, [p.id, p.username, p.updatedAt, p.active]);

  const create = async (e: Event) => {
    e.preventDefault();
    const bad = checkUsername(am, username);
    setUsernameError(bad);
    if (bad) return;
    setBusy(true);
    const r = await api('POST', `/api/persons/${enc(p.id)}/account`, { username: username.trim() });
    setBusy(false);
    if (!r.ok) {
      const fe = fieldErrorsOf(am, r);
      setUsernameError(fe.username ?? null);
      setFailure(fe.username ? null : r);
      return;
    }
    const o = r.data as OneTime;
    putPerson(o.person);
    onOneTime(o);
  };

  if (!p.username) {
    return (
      <Section title={a.accountTitle} testid="person-account">
        <p class="section-note">{a.createAccountHint}</p>
        <form class="inline-form" onSubmit={create} noValidate>
          <TextField
            name="newUsername"
            label={a.username}
            value={username}
            onInput={setUsername}
            error={usernameError ?? undefined}
            hint={a.usernameHint}
            mono
          />
          <button
            type="submit"
            class="btn btn--primary"
            data-testid="create-account"
            disabled={busy || !p.active}
          >
            {a.createAccount}
          </button>
        </form>
        <FormFailure failure={failure} testid="account-error" />
      </Section>
    );
  }

  const locked = status?.lockedUntil && status.lockedUntil > now ? status.lockedUntil : null;
  const expired = status ? status.passwordExpiresAt <= now : false;
  const tone = locked ? 'bad' : status?.mustChange ? 'wait' : expired ? 'bad' : 'ok';
  const statusText = !status
    ? am.loading
    : locked
      ? a.statusLocked(am.dateTime(locked))
      : status.mustChange
        ? a.statusMustChange
        : expired
          ? a.statusExpired
          : a.statusOk;

  return (
    <Section title={a.accountTitle} testid="person-account">
      {loadFailure ? <FormFailure failure={loadFailure} testid="account-error" /> : null}
      <dl class="facts">
        <div class="facts__item">
          <dt>{a.username}</dt>
          <dd>
            <code data-testid="account-username">{p.username}</code>
          </dd>
        </div>
        <div class="facts__item">
          <dt>{a.accountStatus}</dt>
          <dd>
            <span class={`status-dot status-dot--${tone}`} data-testid="account-status" data-tone={tone}>
              {statusText}
            </span>
          </dd>
        </div>
        <div class="facts__item">
          <dt>{a.passwordExpires}</dt>
          <dd data-testid="account-expires">
            {status
              ? `${am.date(status.passwordExpiresAt)} (${am.relative(status.passwordExpiresAt, now)})`
              : '…'}
          </dd>
        </div>
        <div class="facts__item">
          <dt>{a.lockedUntil}</dt>
          <dd data-testid="account-locked">{locked ? am.dateTime(locked) : a.notLocked}</dd>
        </div>
        <div class="facts__item">
          <dt>{a.lastLogin}</dt>
          <dd data-testid="account-last-login">
            {status?.lastLoginAt
              ? `${am.dateTime(status.lastLoginAt)} (${am.relative(status.lastLoginAt, now)})`
              : am.never}
          </dd>
        </div>
        <div class="facts__item">
          <dt>{a.failedLogins}</dt>
          <dd data-testid="account-failed">{status?.failedCount ?? '…'}</dd>
        </div>
      </dl>
      <div class="form-actions">
        <button
          type="button"
          class="btn"
          data-testid="reset-password"
          disabled={!p.active}
          onClick={() => setConfirmReset(true)}
        >
          <span aria-hidden="true">↻</span> {a.resetPassword}
        </button>
      </div>
      {confirmReset ? (
        <ConfirmDialog
          title={a.resetConfirm(p.fullName)}
          body={a.resetConfirmBody}
          confirm={a.resetPassword}
          onClose={() => setConfirmReset(false)}
          onConfirm={async () => {
            const r = await api('POST', `/api/persons/${enc(p.id)}/password-reset`, {});
            if (!r.ok) return r;
            const o = r.data as OneTime;
            putPerson(o.person);
            void load();
            onOneTime(o);
            return null;
          }}
        />
      ) : null}
    </Section>
  );
}
