// Units (cơ quan, đơn vị): a system administrator adds them, renames or moves them, and deactivates
// them (nothing is deleted); a unit administrator sees their own unit. How many active people each
// has is counted from the directory.
import { useState } from 'preact/hooks';
import { persons, putUnit, type Refusal, type Unit, unitName, units } from '../../admin-store.ts';
import { api } from '../../api.ts';
import { ta } from '../../i18n-admin.ts';
import { ConfirmDialog } from '../dialog.tsx';
import { type FieldErrors, FormFailure, fieldErrorsOf, orNull, TextField } from './form-bits.tsx';
import type { Viewer } from './persons-tab.tsx';

export function UnitsTab({ viewer }: { viewer: Viewer }) {
  const am = ta.value;
  const a = am.admin;
  const list = (units.value ?? [])
    .filter((u) => viewer.isSys || u.id === viewer.unitId)
    .sort((x, y) => Number(y.active) - Number(x.active) || x.name.localeCompare(y.name, 'vi'));
  const counts = new Map<string, number>();
  for (const p of persons.value ?? []) if (p.active) counts.set(p.unitId, (counts.get(p.unitId) ?? 0) + 1);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Unit | null>(null);

  return (
    <div class="admin-stack">
      {viewer.isSys ? <UnitForm /> : <p class="section-note section-note--info">{a.unitsOnlySysadmin}</p>}
      <ul class="unit-list" data-testid="unit-list">
        {list.map((u) =>
          editing === u.id ? (
            <li key={u.id} class="unit-card unit-card--editing">
              <UnitForm unit={u} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li
              key={u.id}
              class={u.active ? 'unit-card' : 'unit-card unit-card--inactive'}
              data-testid="unit-row"
              data-id={u.id}
            >
              <span class="unit-card__badge" aria-hidden="true">
                {(u.shortName ?? u.name).slice(0, 3).toUpperCase()}
              </span>
              <span class="unit-card__main">
                <span class="unit-card__name" data-testid="unit-name">
                  {u.name}
                  {u.shortName ? <span class="unit-card__short"> · {u.shortName}</span> : null}
                </span>
                <span class="unit-card__meta">
                  {u.parentId ? `${a.parentUnit}: ${unitName(u.parentId)} · ` : ''}
                  {u.passwordExpiryDays ? `${a.expiresEvery(u.passwordExpiryDays)} · ` : ''}
                  {a.peopleIn(counts.get(u.id) ?? 0)}
                </span>
              </span>
              {u.active ? null : <span class="state-chip state-chip--off">{a.unitInactive}</span>}
              {viewer.isSys ? (
                <span class="unit-card__actions">
                  <button type="button" class="btn" data-action="rename" onClick={() => setEditing(u.id)}>
                    {a.rename}
                  </button>
                  {u.active ? (
                    <button
                      type="button"
                      class="btn btn--danger-soft"
                      data-action="deactivate"
                      onClick={() => setConfirm(u)}
                    >
                      {a.unitDeactivate}
                    </button>
                  ) : (
                    <button type="button" class="btn" data-action="activate" onClick={() => setConfirm(u)}>
                      {a.unitActivate}
                    </button>
                  )}
                </span>
              ) : null}
            </li>
          ),
        )}
      </ul>
      {confirm ? (
        <ConfirmDialog
          title={confirm.active ? a.unitDeactivateConfirm(confirm.name) : a.unitActivateConfirm(confirm.name)}
          body={confirm.active ? a.unitDeactivateBody : a.unitActivateBody}
          confirm={confirm.active ? a.unitDeactivate : a.unitActivate}
          tone={confirm.active ? 'danger' : 'info'}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            const r = await api('PATCH', `/api/units/${encodeURIComponent(confirm.id)}`, {
              active: !confirm.active,
            });
            if (!r.ok) return r;
            putUnit(r.data as Unit);
            return null;
          }}
        />
      ) : null}
    </div>
  );
}

/** A new unit, or (with `unit`) its new name, short name and parent. */
function UnitForm({ unit, onDone }: { unit?: Unit; onDone?: () => void }) {
  const am = ta.value;
  const a = am.admin;
  const [name, setName] = useState(unit?.name ?? '');
  const [shortName, setShortName] = useState(unit?.shortName ?? '');
  const [parentId, setParentId] = useState(unit?.parentId ?? '');
  const [expiry, setExpiry] = useState(unit?.passwordExpiryDays ? String(unit.passwordExpiryDays) : '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<Refusal | { text: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parents = (units.value ?? []).filter((u) => u.active && u.id !== unit?.id);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const local: FieldErrors = {};
    if (!name.trim() || name.trim().length > 200) local.name = a.invalid.name;
    if (shortName.trim().length > 60) local.shortName = a.invalid.shortName;
    const days = expiry.trim() === '' ? null : Number(expiry.trim());
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 365))
      local.expiryDays = a.invalid.expiryDays;
    setErrors(local);
    if (Object.keys(local).length) {
      setFailure({ text: a.fieldErrors });
      return;
    }
    const body = {
      name: name.trim(),
      shortName: orNull(shortName),
      parentId: parentId || null,
      passwordExpiryDays: days,
    };
    setBusy(true);
    const r = unit
      ? await api('PATCH', `/api/units/${encodeURIComponent(unit.id)}`, body)
      : await api('POST', '/api/units', body);
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsOf(am, r));
      setFailure(r);
      return;
    }
    putUnit(r.data as Unit);
    setFailure(null);
    if (unit) onDone?.();
    else {
      setDone(a.unitCreated(name.trim()));
      setName('');
      setShortName('');
      setParentId('');
      setExpiry('');
    }
  };

  return (
    <form
      class={unit ? 'unit-form' : 'admin-card unit-form'}
      onSubmit={submit}
      noValidate
      data-testid={unit ? 'unit-edit' : 'unit-create'}
    >
      {unit ? null : <h2 class="admin-card__title">{a.addUnit}</h2>}
      <div class="unit-form__grid">
        <TextField name="unitName" label={a.unitName} value={name} onInput={setName} error={errors.name} />
        <TextField
          name="shortName"
          label={a.shortName}
          value={shortName}
          onInput={setShortName}
          error={errors.shortName}
          optional
        />
        <TextField
          name="passwordExpiryDays"
          label={a.expiryDays}
          value={expiry}
          onInput={setExpiry}
          error={errors.expiryDays}
          hint={a.expiryDaysHint}
          type="number"
          optional
        />
        <label class="field">
          <span class="field__label">{a.parentUnit}</span>
          <select
            class="field__control"
            data-testid="field-parentId"
            value={parentId}
            onChange={(e) => setParentId((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{a.noParent}</option>
            {parents.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <div class="unit-form__actions">
          <button
            type="submit"
            class="btn btn--primary"
            data-testid={unit ? 'unit-save' : 'unit-submit'}
            disabled={busy}
          >
            {busy ? am.saving : unit ? am.save : a.addUnit}
          </button>
          {unit ? (
            <button type="button" class="btn btn--ghost" onClick={onDone}>
              {am.cancel}
            </button>
          ) : null}
        </div>
      </div>
      <FormFailure failure={failure} testid="unit-error" />
      {done && !failure ? (
        <p class="saved-note" data-testid="unit-created">
          ✓ {done}
        </p>
      ) : null}
    </form>
  );
}
