// One device in full: status and why, problems of an invalid file, alarms, every counter, what the
// driver reports, the raw traffic and the test commands.
import { formatCount, formatTime, humanize, shownLastError } from '../../devices.ts';
import { t } from '../../i18n.ts';
import { type DeviceView, serverNow } from '../../room-store.ts';
import { CommandPanel } from './command-panel.tsx';
import { StatusBadge } from './status-badge.tsx';
import { TrafficView } from './traffic-view.tsx';
import { ValueTree } from './value-tree.tsx';

export function DeviceDetail({ device: d }: { device: DeviceView }) {
  const m = t.value;
  const tm = m.tech;
  const err = shownLastError(d);
  const now = serverNow.value;
  const counters = Object.entries(d.counters);
  const hasDetails = Object.keys(d.details).length > 0;
  return (
    <div class="device-detail" data-testid="device-detail" data-id={d.id}>
      <section class="panel device-head" aria-labelledby="h-device">
        <div class="device-head__row">
          <StatusBadge device={d} large />
          <div class="device-head__names">
            <h2 class="device-head__id" id="h-device">
              {d.id}
            </h2>
            <span class="device-head__title">{d.title ?? `${tm.unknownDriver}: ${d.driver}`}</span>
          </div>
          <div class="device-head__facts">
            <span class="device-head__transport">{d.transport}</span>
            <span class="device-head__since">
              {tm.since(formatTime(d.status.at))} · {tm.ago(Math.max(0, now - d.status.at))}
            </span>
          </div>
        </div>
        {d.status.message && d.status.status !== 'ok' ? (
          <p class="device-head__message" data-testid="device-status-message">
            <span class="device-head__label">{tm.statusDetail}:</span> {d.status.message}
          </p>
        ) : null}
        {err ? (
          <p class="device-head__error" data-testid="detail-last-error">
            <span class="device-head__label">{tm.lastError}</span>
            <span class="device-head__error-time">
              {formatTime(err.at)} · {tm.ago(Math.max(0, now - err.at))}
            </span>
            <span class="device-head__error-text">{err.message}</span>
          </p>
        ) : null}
        {d.problems.length > 0 ? (
          <div class="device-problems" data-testid="device-problems" role="alert">
            <p class="device-problems__title">{tm.problems}</p>
            <ul>
              {d.problems.map((p) => (
                <li key={p}>
                  <code>{p}</code>
                </li>
              ))}
            </ul>
            <p class="device-problems__hint">{tm.problemsHint}</p>
          </div>
        ) : null}
      </section>

      <div class="device-detail__pair device-detail__pair--wide-first">
        <section class="panel" aria-labelledby="h-counters" data-testid="device-counters">
          <h3 class="subpanel__title" id="h-counters">
            {tm.counters}
          </h3>
          {counters.length === 0 ? (
            <p class="empty">{tm.noCounters}</p>
          ) : (
            <dl class="counter-grid">
              {counters.map(([k, v]) => (
                <div class="counter-tile" key={k} data-counter={k}>
                  <dt class="counter-tile__label" title={k}>
                    {tm.counterLabels[k] ?? humanize(k)}
                  </dt>
                  <dd class="counter-tile__value">{formatCount(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>

        <section class="panel" aria-labelledby="h-alarms" data-testid="device-alarms">
          <h3 class="subpanel__title" id="h-alarms">
            {tm.alarms}
            <span class={d.alarms.length ? 'panel__count panel__count--alarm' : 'panel__count'}>
              {d.alarms.length}
            </span>
          </h3>
          {d.alarms.length === 0 ? (
            <p class="empty empty--ok">{tm.noAlarms}</p>
          ) : (
            <ul class="alarm-list">
              {d.alarms.map((a) => (
                <li class="alarm" key={`${a.key}-${a.seat ?? ''}`} data-key={a.key}>
                  <span class="alarm__icon" aria-hidden="true">
                    !
                  </span>
                  <span class="alarm__body">
                    <span class="alarm__message">{a.message}</span>
                    <span class="alarm__meta">
                      {a.seat !== undefined ? `${m.seatN(a.seat)} · ` : ''}
                      {tm.since(formatTime(a.at))} · {tm.ago(Math.max(0, now - a.at))}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <TrafficView key={d.id} deviceId={d.id} defaultMode={d.traffic} />

      <div class="device-detail__pair">
        <CommandPanel key={d.id} device={d} />
        <section class="panel" aria-labelledby="h-details" data-testid="device-details">
          <h3 class="subpanel__title" id="h-details">
            {tm.details}
          </h3>
          {hasDetails ? <ValueTree value={d.details} /> : <p class="empty">{tm.noDetails}</p>}
        </section>
      </div>
    </div>
  );
}
