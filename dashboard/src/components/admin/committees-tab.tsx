// Steering committees (Ban Chỉ đạo): a name, the unit they belong to (or none), their members.
// A system administrator makes them for any unit or none, a unit administrator for their own unit;
// members are picked by name from the directory and saved together.
import { useState } from 'preact/hooks';
import {
  type Committee,
  committees,
  filterPersons,
  fold,
  hue,
  initials,
  personName,
  persons,
  putCommittee,
  type Refusal,
  unitName,
  units,
} from '../../admin-store.ts';
import { api } from '../../api.ts';
import { ta } from '../../i18n-admin.ts';
import { ConfirmDialog } from '../dialog.tsx';
import { FormFailure, TextField } from './form-bits.tsx';
import type { Viewer } from './persons-tab.tsx';

type Pane = { kind: 'none' } | { kind: 'edit'; id: string } | { kind: 'create' };

export function CommitteesTab({ viewer }: { viewer: Viewer }) {
  const am = ta.value;
  const a = am.admin;
  const list = (committees.value ?? [])
    .filter((c) => viewer.isSys || c.unitId === viewer.unitId)
    .sort((x, y) => Number(y.active) - Number(x.active) || x.name.localeCompare(y.name, 'vi'));
  const [pane, setPane] = useState<Pane>({ kind: 'none' });
  const editing = pane.kind === 'edit' ? list.find((c) => c.id === pane.id) : undefined;

  return (
    <div class="admin-split">
      <section class="admin-split__list" aria-label={a.committees}>
        <div class="list-head">
          <span class="list-head__count">{a.committees}</span>
          <button
            type="button"
            class="btn btn--primary"
            data-testid="add-committee"
            onClick={() => setPane({ kind: 'create' })}
          >
            <span class="btn__plus" aria-hidden="true">
              +
            </span>
            {a.addCommittee}
          </button>
        </div>
        {list.length === 0 ? <p class="empty">{a.noCommittees}</p> : null}
        <ul class="committee-list" data-testid="committee-list">
          {list.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                class={`committee-row${pane.kind === 'edit' && pane.id === c.id ? ' committee-row--selected' : ''}${c.active ? '' : ' committee-row--inactive'}`}
                data-testid="committee-row"
                data-id={c.id}
                onClick={() => setPane({ kind: 'edit', id: c.id })}
              >
                <span class="committee-row__name">{c.name}</span>
                <span class="committee-row__meta">
                  {c.unitId ? unitName(c.unitId) : a.noUnit} · {a.membersCount(c.members.length)}
                </span>
                <span class="face-pile" aria-hidden="true">
                  {c.members.slice(0, 6).map((id) => (
                    <span key={id} class={`avatar avatar--tiny avatar--h${hue(id)}`}>
                      {initials(personName(id))}
                    </span>
                  ))}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div class="admin-split__pane">
        {pane.kind === 'create' ? (
          <CommitteeForm
            key="create"
            viewer={viewer}
            onDone={(c) => setPane(c ? { kind: 'edit', id: c.id } : { kind: 'none' })}
          />
        ) : editing ? (
          <CommitteeForm key={editing.id} viewer={viewer} committee={editing} onDone={() => {}} />
        ) : (
          <div class="pane-hint">
            <p>{list.length ? a.committees : a.noCommittees}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function CommitteeForm({
  viewer,
  committee: c,
  onDone,
}: {
  viewer: Viewer;
  committee?: Committee;
  onDone: (c: Committee | null) => void;
}) {
  const am = ta.value;
  const a = am.admin;
  const [name, setName] = useState(c?.name ?? '');
  const [unitId, setUnitId] = useState<string>(c ? (c.unitId ?? '') : viewer.isSys ? '' : viewer.unitId);
  const [members, setMembers] = useState<string[]>(c?.members ?? []);
  const [q, setQ] = useState('');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<Refusal | { text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const matches = q.trim()
    ? filterPersons(persons.value ?? [], { q, unitId: '', role: '', state: 'active' })
        .filter((p) => !members.includes(p.id))
        .slice(0, 8)
    : [];
  const changed = !c || name.trim() !== c.name || members.join() !== c.members.join();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!name.trim() || name.trim().length > 200) {
      setNameError(a.invalid.name);
      setFailure({ text: a.fieldErrors });
      return;
    }
    setNameError(undefined);
    setBusy(true);
    const r = c
      ? await api('PATCH', `/api/committees/${encodeURIComponent(c.id)}`, { name: name.trim(), members })
      : await api('POST', '/api/committees', { name: name.trim(), unitId: unitId || null, members });
    setBusy(false);
    if (!r.ok) {
      setFailure(r);
      return;
    }
    setFailure(null);
    setSaved(true);
    const next = r.data as Committee;
    putCommittee(next);
    onDone(next);
  };

  return (
    <form
      class="admin-card"
      onSubmit={submit}
      noValidate
      data-testid={c ? 'committee-edit' : 'committee-create'}
    >
      <div class="admin-card__head">
        <h2 class="admin-card__title">{c ? c.name : a.addCommittee}</h2>
        {c ? (
          <span class={c.active ? 'state-chip state-chip--on' : 'state-chip state-chip--off'}>
            {c.active ? a.active : a.inactive}
          </span>
        ) : null}
      </div>
      <div class="form-grid">
        <TextField
          name="committeeName"
          label={a.committeeName}
          value={name}
          onInput={setName}
          error={nameError}
        />
        <label class="field">
          <span class="field__label">{a.committeeUnit}</span>
          <select
            class="field__control"
            data-testid="field-committeeUnit"
            value={unitId}
            disabled={!!c || !viewer.isSys}
            onChange={(e) => setUnitId((e.currentTarget as HTMLSelectElement).value)}
          >
            {viewer.isSys || c ? <option value="">{a.noUnit}</option> : null}
            {(units.value ?? [])
              .filter((u) => (u.active && (viewer.isSys || u.id === viewer.unitId)) || u.id === unitId)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <div class="members">
        <p class="field__label">
          {a.members} · {a.membersCount(members.length)}
        </p>
        {members.length === 0 ? <p class="section-note">{a.noMembers}</p> : null}
        <ul class="member-chips" data-testid="committee-members">
          {members.map((id) => (
            <li key={id} class="member-chip" data-id={id}>
              <span class={`avatar avatar--tiny avatar--h${hue(id)}`} aria-hidden="true">
                {initials(personName(id))}
              </span>
              {personName(id)}
              <button
                type="button"
                class="member-chip__remove"
                aria-label={`${a.removeMember} ${personName(id)}`}
                onClick={() => setMembers(members.filter((x) => x !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div class="member-search">
          <input
            class="field__control"
            type="search"
            data-testid="member-search"
            placeholder={a.addMemberPlaceholder}
            aria-label={a.addMember}
            value={q}
            onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          />
          {matches.length ? (
            <ul class="member-search__results" data-testid="member-results">
              {matches.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    class="member-search__result"
                    data-id={p.id}
                    onClick={() => {
                      setMembers([...members, p.id]);
                      setQ('');
                    }}
                  >
                    <span class={`avatar avatar--tiny avatar--h${hue(p.id)}`} aria-hidden="true">
                      {initials(p.fullName)}
                    </span>
                    <span>
                      {p.fullName}
                      <span class="member-search__unit"> · {unitName(p.unitId)}</span>
                    </span>
                    <span class="member-search__add" aria-hidden="true">
                      +
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ) : q.trim() && fold(q).length > 0 ? (
            <p class="section-note">{a.noPersons}</p>
          ) : null}
        </div>
      </div>
      <FormFailure failure={failure} testid="committee-error" />
      <div class="admin-card__actions">
        <button
          type="submit"
          class="btn btn--primary"
          data-testid="committee-save"
          disabled={busy || !changed}
        >
          {busy ? am.saving : c ? am.save : a.addCommittee}
        </button>
        {saved && !changed ? (
          <span class="saved-note" data-testid="committee-saved">
            ✓ {am.saved}
          </span>
        ) : null}
        {c ? (
          <button
            type="button"
            class={c.active ? 'btn btn--danger-soft admin-card__end' : 'btn admin-card__end'}
            onClick={() => setConfirm(true)}
          >
            {c.active ? a.committeeDeactivate : a.committeeActivate}
          </button>
        ) : (
          <button type="button" class="btn" onClick={() => onDone(null)}>
            {am.cancel}
          </button>
        )}
      </div>
      {confirm && c ? (
        <ConfirmDialog
          title={`${c.active ? a.committeeDeactivate : a.committeeActivate}: ${c.name}?`}
          body={c.active ? a.committeeDeactivateBody : a.committeeActivateBody}
          confirm={c.active ? a.committeeDeactivate : a.committeeActivate}
          tone={c.active ? 'danger' : 'info'}
          onClose={() => setConfirm(false)}
          onConfirm={async () => {
            const r = await api('PATCH', `/api/committees/${encodeURIComponent(c.id)}`, {
              active: !c.active,
            });
            if (!r.ok) return r;
            putCommittee(r.data as Committee);
            return null;
          }}
        />
      ) : null}
    </form>
  );
}
