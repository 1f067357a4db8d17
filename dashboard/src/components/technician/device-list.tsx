// Every device of the room as a card: status, what it is and where, since when, the last error, the
// alarm count and the counters worth a glance; restart, disable / enable, edit and remove (remove asks
// for a second press). Live from the feed: nothing here is fetched.
import { useEffect, useState } from 'preact/hooks';
import { isBusy, run } from '../../api.ts';
import { formatCount, formatTime, humanize, keyCounters, shownLastError } from '../../devices.ts';
import { t } from '../../i18n.ts';
import { type DeviceView, serverNow } from '../../room-store.ts';
import { StatusBadge } from './status-badge.tsx';

export function DeviceList({
  list,
  selected,
  onSelect,
  onEdit,
  onRemoved,
}: {
  list: DeviceView[];
  selected: string | null;
  onSelect: (id: string) => void;
  onEdit: (id: string) => void;
  onRemoved: (id: string) => void;
}) {
  return (
    <ul class="device-list" data-testid="device-list">
      {list.map((d) => (
        <DeviceCard
          key={d.id}
          device={d}
          selected={d.id === selected}
          onSelect={() => onSelect(d.id)}
          onEdit={() => onEdit(d.id)}
          onRemoved={() => onRemoved(d.id)}
        />
      ))}
    </ul>
  );
}

function DeviceCard({
  device: d,
  selected,
  onSelect,
  onEdit,
  onRemoved,
}: {
  device: DeviceView;
  selected: boolean;
  onSelect: () => void;
  onEdit: () => void;
  onRemoved: () => void;
}) {
  const m = t.value;
  const tm = m.tech;
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), 4000);
    return () => clearTimeout(timer);
  }, [confirming]);

  const path = `/api/devices/${encodeURIComponent(d.id)}`;
  const err = shownLastError(d);
  const counters = keyCounters(d.counters);
  const label = (k: string) => tm.counterLabels[k] ?? humanize(k);
  const remove = async () => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    if (await run(`remove-${d.id}`, 'DELETE', path)) onRemoved();
  };

  return (
    <li
      class={selected ? 'device-card device-card--selected' : 'device-card'}
      data-id={d.id}
      data-status={d.disabled ? 'disabled' : d.status.status}
    >
      <button type="button" class="device-card__main" aria-pressed={selected} onClick={onSelect}>
        <span class="device-card__top">
          <StatusBadge device={d} />
          <span class="device-card__since" title={formatTime(d.status.at)}>
            {tm.since(formatTime(d.status.at))} · {tm.ago(Math.max(0, serverNow.value - d.status.at))}
          </span>
        </span>
        <span class="device-card__id">{d.id}</span>
        <span class="device-card__title">{d.title ?? `${tm.unknownDriver}: ${d.driver}`}</span>
        <span class="device-card__transport">{d.transport}</span>
        {err ? (
          <span class="device-card__error" data-testid="device-last-error">
            <span class="device-card__error-label">{tm.lastError}:</span> {err.message}
          </span>
        ) : null}
        {counters.length > 0 || d.alarms.length > 0 ? (
          <span class="device-card__counters">
            {d.alarms.length > 0 ? (
              <span class="counter-chip counter-chip--alarm" data-testid="device-alarm-count">
                {tm.alarmsN(d.alarms.length)}
              </span>
            ) : null}
            {counters.map(([k, v]) => (
              <span class="counter-chip" key={k} data-counter={k}>
                <span class="counter-chip__label">{label(k)}</span>
                <span class="counter-chip__value">{formatCount(v)}</span>
              </span>
            ))}
          </span>
        ) : null}
      </button>
      <span class="device-card__actions">
        <button
          type="button"
          class="btn btn--small"
          data-action="restart"
          disabled={isBusy(`restart-${d.id}`) || d.disabled}
          onClick={() => run(`restart-${d.id}`, 'POST', `${path}/restart`, {})}
        >
          {tm.restart}
        </button>
        <button
          type="button"
          class="btn btn--small"
          data-action={d.disabled ? 'enable' : 'disable'}
          disabled={isBusy(`toggle-${d.id}`)}
          onClick={() => run(`toggle-${d.id}`, 'POST', `${path}/${d.disabled ? 'enable' : 'disable'}`, {})}
        >
          {d.disabled ? tm.enable : tm.disable}
        </button>
        <button type="button" class="btn btn--small" data-action="edit" onClick={onEdit}>
          {tm.edit}
        </button>
        <button
          type="button"
          class={confirming ? 'btn btn--small btn--danger' : 'btn btn--small btn--danger-soft'}
          data-action="remove"
          data-confirming={confirming}
          disabled={isBusy(`remove-${d.id}`)}
          onClick={remove}
        >
          {confirming ? tm.confirmRemove : tm.remove}
        </button>
      </span>
    </li>
  );
}
