// People: search by name or username (marks folded), filter by unit, role and state; the list on the
// left, the selected person (or the form for a new one) on the right. A unit administrator sees and
// manages the people of their own unit; the appliance refuses the rest, and the page says so.
import { useEffect, useState } from 'preact/hooks';
import type { GlobalRole } from '../../../../appliance/src/people/roles.ts';
import {
  filterPersons,
  GLOBAL_ROLES,
  hue,
  initials,
  type OneTime,
  type Person,
  type PersonFilter,
  persons,
  unitName,
  units,
} from '../../admin-store.ts';
import { ta } from '../../i18n-admin.ts';
import { OneTimeDialog } from '../dialog.tsx';
import { PersonCreate } from './person-create.tsx';
import { PersonDetail } from './person-detail.tsx';

export interface Viewer {
  id: string;
  unitId: string;
  isSys: boolean;
}

type Pane = { kind: 'none' } | { kind: 'person'; id: string } | { kind: 'create' };

export function PersonsTab({ viewer }: { viewer: Viewer }) {
  const am = ta.value;
  const a = am.admin;
  const [filter, setFilter] = useState<PersonFilter>({
    q: '',
    unitId: viewer.isSys ? '' : viewer.unitId,
    role: '',
    state: 'active',
  });
  const [pane, setPane] = useState<Pane>({ kind: 'none' });
  const [otp, setOtp] = useState<OneTime | null>(null);
  const all = persons.value;
  const shown = all ? filterPersons(all, filter) : null;
  const set = (patch: Partial<PersonFilter>) => setFilter({ ...filter, ...patch });
  const selectedId = pane.kind === 'person' ? pane.id : null;
  const selected = selectedId ? all?.find((p) => p.id === selectedId) : undefined;
  const activeUnits = (units.value ?? []).filter((u) => u.active || u.id === filter.unitId);

  // Opened on the first person once the list arrives, so the page shows something useful at once.
  useEffect(() => {
    if (pane.kind === 'none' && shown?.[0]) setPane({ kind: 'person', id: shown[0].id });
  }, [all === null]);

  return (
    <div class="admin-split">
      <section class="admin-split__list" aria-label={a.tabs.persons}>
        <div class="filters" data-testid="person-filters">
          <label class="search">
            <span class="search__icon" aria-hidden="true">
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                width="18"
                height="18"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
              >
                <circle cx="11" cy="11" r="7" />
                <path d="m20 20-3.5-3.5" stroke-linecap="round" />
              </svg>
            </span>
            <input
              class="search__input"
              type="search"
              data-testid="person-search"
              placeholder={a.searchPlaceholder}
              aria-label={a.search}
              value={filter.q}
              onInput={(e) => set({ q: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <div class="filters__row">
            <select
              class="field__control filters__select"
              data-testid="filter-unit"
              aria-label={a.unit}
              value={filter.unitId}
              disabled={!viewer.isSys}
              onChange={(e) => set({ unitId: (e.currentTarget as HTMLSelectElement).value })}
            >
              {viewer.isSys ? <option value="">{a.allUnits}</option> : null}
              {activeUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <select
              class="field__control filters__select"
              data-testid="filter-role"
              aria-label={a.role}
              value={filter.role}
              onChange={(e) => set({ role: (e.currentTarget as HTMLSelectElement).value as GlobalRole | '' })}
            >
              <option value="">{a.anyRole}</option>
              {GLOBAL_ROLES.map((r) => (
                <option key={r} value={r}>
                  {am.roles[r]}
                </option>
              ))}
            </select>
            <select
              class="field__control filters__select"
              data-testid="filter-state"
              aria-label={a.state}
              value={filter.state}
              onChange={(e) =>
                set({ state: (e.currentTarget as HTMLSelectElement).value as PersonFilter['state'] })
              }
            >
              <option value="active">{a.activeOnly}</option>
              <option value="inactive">{a.inactiveOnly}</option>
              <option value="all">{a.anyState}</option>
            </select>
          </div>
        </div>
        <div class="list-head">
          <span class="list-head__count" data-testid="person-count">
            {shown ? a.personsCount(shown.length) : am.loading}
          </span>
          <button
            type="button"
            class="btn btn--primary"
            data-testid="add-person"
            aria-pressed={pane.kind === 'create'}
            onClick={() => setPane({ kind: 'create' })}
          >
            <span class="btn__plus" aria-hidden="true">
              +
            </span>
            {a.addPerson}
          </button>
        </div>
        {shown && shown.length === 0 ? <p class="empty">{a.noPersons}</p> : null}
        <ul class="person-list" data-testid="person-list">
          {(shown ?? []).map((p) => (
            <li key={p.id}>
              <PersonRow
                person={p}
                selected={p.id === selectedId}
                onSelect={() => setPane({ kind: 'person', id: p.id })}
              />
            </li>
          ))}
        </ul>
      </section>
      <div class="admin-split__pane">
        {pane.kind === 'create' ? (
          <PersonCreate
            viewer={viewer}
            defaultUnit={filter.unitId || viewer.unitId}
            onCancel={() => setPane(selectedId ? { kind: 'person', id: selectedId } : { kind: 'none' })}
            onCreated={(p, oneTime) => {
              setPane({ kind: 'person', id: p.id });
              if (oneTime) setOtp(oneTime);
            }}
          />
        ) : selected ? (
          <PersonDetail key={selected.id} person={selected} viewer={viewer} onOneTime={setOtp} />
        ) : (
          <div class="pane-hint">
            <p>{a.selectPerson}</p>
          </div>
        )}
      </div>
      {otp ? (
        <OneTimeDialog
          name={otp.person.fullName}
          username={otp.person.username}
          password={otp.oneTimePassword}
          expiresAt={otp.expiresAt}
          onClose={() => setOtp(null)}
        />
      ) : null}
    </div>
  );
}

function PersonRow({
  person: p,
  selected,
  onSelect,
}: {
  person: Person;
  selected: boolean;
  onSelect: () => void;
}) {
  const am = ta.value;
  return (
    <button
      type="button"
      class={`person-row${selected ? ' person-row--selected' : ''}${p.active ? '' : ' person-row--inactive'}`}
      data-testid="person-row"
      data-id={p.id}
      data-username={p.username ?? ''}
      aria-current={selected}
      onClick={onSelect}
    >
      <span class={`avatar avatar--h${hue(p.id)}`} aria-hidden="true">
        {initials(p.fullName)}
      </span>
      <span class="person-row__main">
        <span class="person-row__name">{p.fullName}</span>
        <span class="person-row__meta">
          {p.title ? `${p.title} · ` : ''}
          {unitName(p.unitId)}
        </span>
        <span class="person-row__tags">
          {p.username ? (
            <code class="person-row__username">{p.username}</code>
          ) : (
            <span class="person-row__no-account">{am.admin.noAccount}</span>
          )}
          {p.roles.map((r) => (
            <span key={r} class={`role-chip role-chip--small role-chip--${r}`}>
              {am.roles[r]}
            </span>
          ))}
          {p.active ? null : <span class="state-chip state-chip--off">{am.admin.inactive}</span>}
        </span>
      </span>
    </button>
  );
}
