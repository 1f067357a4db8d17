// A new person in a unit (`POST /api/persons`): name, title, contact, roles, and optionally a
// username, in which case the appliance also makes a login account and answers its one-time
// password, which the page shows once. A refusal leaves everything as typed.
import { useState } from 'preact/hooks';
import type { GlobalRole } from '../../../../appliance/src/people/roles.ts';
import {
  ADMIN_ROLES,
  GLOBAL_ROLES,
  type OneTime,
  type Person,
  persons,
  putPerson,
  type Refusal,
  units,
} from '../../admin-store.ts';
import { api } from '../../api.ts';
import { ta } from '../../i18n-admin.ts';
import {
  checkPerson,
  type FieldErrors,
  FormFailure,
  fieldErrorsOf,
  orNull,
  PersonContactFields,
  type PersonDraft,
  TextField,
} from './form-bits.tsx';
import type { Viewer } from './persons-tab.tsx';

export function PersonCreate({
  viewer,
  defaultUnit,
  onCancel,
  onCreated,
}: {
  viewer: Viewer;
  defaultUnit: string;
  onCancel: () => void;
  onCreated: (p: Person, oneTime: OneTime | null) => void;
}) {
  const am = ta.value;
  const a = am.admin;
  const [d, setD] = useState<PersonDraft>({
    unitId: viewer.isSys ? defaultUnit : viewer.unitId,
    fullName: '',
    title: '',
    email: '',
    phone: '',
    ssoSubject: '',
    username: '',
  });
  const [roles, setRoles] = useState<GlobalRole[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Refusal | { text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof PersonDraft) => (v: string) => setD({ ...d, [k]: v });
  const selectable = (units.value ?? []).filter((u) => u.active && (viewer.isSys || u.id === viewer.unitId));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const local = checkPerson(am, d, true);
    // A username already in the list is refused here: nothing is sent, so nothing half made.
    const wanted = d.username.trim();
    if (wanted && !local.username && (persons.value ?? []).some((p) => p.username === wanted)) {
      local.username = a.invalid.usernameTaken;
    }
    setErrors(local);
    if (Object.keys(local).length) {
      setFailure({ text: a.fieldErrors });
      return;
    }
    const body: Record<string, unknown> = { unitId: d.unitId, fullName: d.fullName.trim() };
    for (const k of ['title', 'email', 'phone', 'ssoSubject'] as const) {
      const v = orNull(d[k]);
      if (v) body[k] = v;
    }
    if (d.username.trim()) body.username = d.username.trim();
    if (roles.length) body.roles = roles;
    setBusy(true);
    const r = await api('POST', '/api/persons', body);
    setBusy(false);
    if (!r.ok) {
      const fe = fieldErrorsOf(am, r);
      setErrors(fe);
      setFailure(Object.keys(fe).length && r.code !== 'E_FORBIDDEN' ? { text: a.fieldErrors } : r);
      return;
    }
    const data = r.data as { person: Person; oneTimePassword?: string; expiresAt?: number };
    putPerson(data.person);
    onCreated(
      data.person,
      data.oneTimePassword && data.expiresAt
        ? { person: data.person, oneTimePassword: data.oneTimePassword, expiresAt: data.expiresAt }
        : null,
    );
  };

  return (
    <form class="admin-card" onSubmit={submit} noValidate data-testid="person-create">
      <div class="admin-card__head">
        <h2 class="admin-card__title">{a.createTitle}</h2>
        <button type="button" class="btn btn--ghost" onClick={onCancel}>
          {am.close}
        </button>
      </div>
      <div class="form-grid">
        <label class="field form-grid__wide">
          <span class="field__label">{a.unit}</span>
          <select
            class="field__control"
            data-testid="field-unitId"
            value={d.unitId}
            disabled={!viewer.isSys}
            onChange={(e) => setD({ ...d, unitId: (e.currentTarget as HTMLSelectElement).value })}
          >
            {selectable.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <PersonContactFields d={d} set={set} errors={errors} />
        <div class="form-grid__wide">
          <TextField
            name="username"
            label={a.username}
            value={d.username}
            onInput={set('username')}
            error={errors.username}
            hint={a.usernameHint}
            optional
            mono
          />
        </div>
        <fieldset class="role-picker form-grid__wide" data-testid="create-roles">
          <legend class="field__label">{a.rolesTitle}</legend>
          <RolePicker viewer={viewer} roles={roles} onChange={setRoles} />
        </fieldset>
      </div>
      <FormFailure failure={failure} />
      <div class="admin-card__actions">
        <button type="submit" class="btn btn--primary" data-testid="create-submit" disabled={busy}>
          {busy ? a.creating : a.create}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {am.cancel}
        </button>
      </div>
    </form>
  );
}

/** The four global roles as cards with what each may do; administrator roles for a system administrator only. */
export function RolePicker({
  viewer,
  roles,
  onChange,
}: {
  viewer: Viewer;
  roles: readonly GlobalRole[];
  onChange: (r: GlobalRole[]) => void;
}) {
  const am = ta.value;
  return (
    <div class="role-picker__grid">
      {GLOBAL_ROLES.map((r) => {
        const locked = ADMIN_ROLES.includes(r) && !viewer.isSys;
        const on = roles.includes(r);
        return (
          <label
            key={r}
            class={`role-option role-option--${r}${on ? ' role-option--on' : ''}${locked ? ' role-option--locked' : ''}`}
            title={locked ? am.admin.rolesSysadminOnly : undefined}
          >
            <input
              type="checkbox"
              data-testid={`role-${r}`}
              checked={on}
              disabled={locked}
              onChange={() => onChange(on ? roles.filter((x) => x !== r) : [...roles, r])}
            />
            <span class="role-option__text">
              <span class="role-option__name">{am.roles[r]}</span>
              <span class="role-option__hint">{locked ? am.admin.rolesSysadminOnly : am.roleHints[r]}</span>
            </span>
          </label>
        );
      })}
    </div>
  );
}
