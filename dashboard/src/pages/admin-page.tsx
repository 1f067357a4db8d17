// `/admin`: the directory for system and unit administrators: people (with their roles and login
// accounts), units and steering committees, as tabs (`?tab=units`), plus the way to the audit log.
// A unit administrator's view is their own unit; the appliance enforces it and the page shows its
// refusals as they come.
import { useEffect, useState } from 'preact/hooks';
import { directoryError, loadDirectory, unitName, units } from '../admin-store.ts';
import { CommitteesTab } from '../components/admin/committees-tab.tsx';
import { FormFailure } from '../components/admin/form-bits.tsx';
import { PersonsTab, type Viewer } from '../components/admin/persons-tab.tsx';
import { UnitsTab } from '../components/admin/units-tab.tsx';
import { PersonGate } from '../components/person-gate.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { ta } from '../i18n-admin.ts';
import { me } from '../session.ts';

const TABS = ['persons', 'units', 'committees'] as const;
type Tab = (typeof TABS)[number];

function tabOf(search: string): Tab {
  const v = new URLSearchParams(search).get('tab');
  return (TABS as readonly string[]).includes(v ?? '') ? (v as Tab) : 'persons';
}

export function AdminPage() {
  return (
    <PersonGate roles={['sysadmin', 'unit_admin']} page={ta.value.pages.admin}>
      <AdminConsole />
    </PersonGate>
  );
}

function AdminConsole() {
  const am = ta.value;
  const a = am.admin;
  const p = me.value!;
  const viewer: Viewer = { id: p.id, unitId: p.unitId, isSys: p.roles.includes('sysadmin') };
  const [tab, setTab] = useState<Tab>(tabOf(location.search));

  useEffect(() => {
    void loadDirectory();
  }, []);
  useEffect(() => {
    document.title = `${a.tabs[tab]} · ${am.pages.admin}`;
  }, [tab, am]);

  const open = (next: Tab) => {
    setTab(next);
    const url = new URL(location.href);
    if (next === 'persons') url.searchParams.delete('tab');
    else url.searchParams.set('tab', next);
    history.replaceState(history.state, '', `${url.pathname}${url.search}`);
  };

  return (
    <div class="page page--admin">
      <TopBar role={am.pages.admin} />
      <nav class="admin-tabs" aria-label={am.pages.admin}>
        {TABS.map((x) => (
          <button
            key={x}
            type="button"
            class="admin-tabs__tab"
            role="tab"
            aria-selected={tab === x}
            data-testid={`tab-${x}`}
            onClick={() => open(x)}
          >
            {a.tabs[x]}
          </button>
        ))}
        <span class="admin-tabs__fill" />
        <span class="scope-chip" data-testid="admin-scope">
          {viewer.isSys ? a.scopeAll : a.scopeUnit(units.value ? unitName(viewer.unitId) : '…')}
        </span>
        <a class="admin-tabs__link" href="/admin/audit" data-testid="tab-audit">
          {a.tabs.audit} →
        </a>
      </nav>
      {directoryError.value ? (
        <div class="admin-banner">
          <FormFailure failure={directoryError.value} testid="directory-error" />
          <button type="button" class="btn" onClick={() => void loadDirectory()}>
            {am.retry}
          </button>
        </div>
      ) : null}
      <main class="admin-main" data-testid={`admin-${tab}`}>
        {tab === 'persons' ? (
          <PersonsTab viewer={viewer} />
        ) : tab === 'units' ? (
          <UnitsTab viewer={viewer} />
        ) : (
          <CommitteesTab viewer={viewer} />
        )}
      </main>
    </div>
  );
}
