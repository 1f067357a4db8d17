// The technician's device page (issue 3): every device of the room with its live status, and for the
// selected one its alarms, counters, reported state, raw traffic and test commands; devices are
// added, edited, disabled, restarted and removed here. The list follows the feed (`devices`
// messages); commands go over HTTP, and the page shows what the feed says happened.
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../components/error-banner.tsx';
import { PersonGate } from '../components/person-gate.tsx';
import { AudioCard, AudioDetail, useAudioStatus } from '../components/technician/audio-panel.tsx';
import { DeviceDetail } from '../components/technician/device-detail.tsx';
import { DeviceForm } from '../components/technician/device-form.tsx';
import { DeviceList } from '../components/technician/device-list.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { badgeOf, isFailing, loadDrivers } from '../devices.ts';
import { t } from '../i18n.ts';
import { ta } from '../i18n-admin.ts';
import { devices } from '../room-store.ts';

type Pane =
  | { kind: 'none' }
  /** The room's audio: recorder, speech engine, transcript progress (issue 5). */
  | { kind: 'audio' }
  | { kind: 'device'; id: string }
  /** `back`: the device shown before, shown again on cancel. */
  | { kind: 'add'; back: string | null }
  | { kind: 'edit'; id: string };

/** For a logged-in technician or system administrator; the feed knows them by their session cookie. */
export function TechnicianPage() {
  return (
    <PersonGate roles={['technician', 'sysadmin']} page={ta.value.pages.technician}>
      <TechnicianConsole />
    </PersonGate>
  );
}

function TechnicianConsole() {
  const m = t.value;
  const tm = m.tech;
  const list = devices.value;
  const [pane, setPane] = useState<Pane>({ kind: 'none' });
  useAudioStatus();

  useEffect(() => {
    void loadDrivers();
    document.title = `${tm.pageTitle} · ${tm.role}`;
  }, [tm]);

  // The first device is selected once the list arrives, so the page opens on something useful.
  useEffect(() => {
    if (pane.kind === 'none' && list?.[0]) setPane({ kind: 'device', id: list[0].id });
  }, [list === null]);

  const selectedId = pane.kind === 'device' || pane.kind === 'edit' ? pane.id : null;
  const selected = pane.kind === 'device' ? list?.find((d) => d.id === pane.id) : undefined;
  const okCount = list?.filter((d) => badgeOf(d) === 'ok').length ?? 0;
  const failing = list?.filter(isFailing).length ?? 0;

  return (
    <div class="page page--technician">
      <TopBar role={`${tm.role} · ${tm.pageTitle}`}>
        {list ? (
          <span class="tech-summary" data-testid="device-summary">
            <span class="tech-summary__item">{tm.deviceCount(list.length)}</span>
            <span class="tech-summary__item tech-summary__item--ok">{tm.okCount(okCount)}</span>
            {failing > 0 ? (
              <span class="tech-summary__item tech-summary__item--failing">{tm.failingCount(failing)}</span>
            ) : null}
          </span>
        ) : null}
        <button
          type="button"
          class="btn btn--primary"
          data-testid="add-device"
          aria-pressed={pane.kind === 'add'}
          onClick={() =>
            setPane({ kind: 'add', back: selectedId ?? (pane.kind === 'add' ? pane.back : null) })
          }
        >
          <span class="btn__plus" aria-hidden="true">
            +
          </span>
          {tm.addDevice}
        </button>
      </TopBar>
      <ErrorBanner />
      <main class="tech-layout">
        <section class="tech-layout__list" aria-label={tm.pageTitle}>
          <AudioCard
            selected={pane.kind === 'audio'}
            onSelect={() => setPane(pane.kind === 'audio' ? { kind: 'none' } : { kind: 'audio' })}
          />
          {list === null ? (
            <p class="empty">{tm.loading}</p>
          ) : list.length === 0 ? (
            <div class="tech-empty" data-testid="no-devices">
              <p class="tech-empty__title">{tm.noDevices}</p>
              <p class="tech-empty__hint">{tm.noDevicesHint}</p>
              {pane.kind === 'add' ? null : (
                <button
                  type="button"
                  class="btn btn--primary"
                  onClick={() => setPane({ kind: 'add', back: null })}
                >
                  {tm.addDevice}
                </button>
              )}
            </div>
          ) : (
            <DeviceList
              list={list}
              selected={selectedId}
              onSelect={(id) => setPane({ kind: 'device', id })}
              onEdit={(id) => setPane({ kind: 'edit', id })}
              onRemoved={(id) => {
                if (selectedId === id) setPane({ kind: 'none' });
              }}
            />
          )}
        </section>
        <div class="tech-layout__pane">
          {pane.kind === 'add' || pane.kind === 'edit' ? (
            <DeviceForm
              key={pane.kind === 'edit' ? `edit-${pane.id}` : 'add'}
              {...(pane.kind === 'edit' ? { editId: pane.id } : {})}
              onSaved={(id) => setPane({ kind: 'device', id })}
              onCancel={() => {
                const back = pane.kind === 'edit' ? pane.id : pane.back;
                setPane(back ? { kind: 'device', id: back } : { kind: 'none' });
              }}
            />
          ) : pane.kind === 'audio' ? (
            <AudioDetail />
          ) : selected ? (
            <DeviceDetail device={selected} />
          ) : list?.length ? (
            <div class="tech-hint" data-testid="select-hint">
              <p>{tm.selectHint}</p>
            </div>
          ) : null}
        </div>
      </main>
    </div>
  );
}
