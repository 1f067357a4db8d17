import { badgeOf } from '../../devices.ts';
import { t } from '../../i18n.ts';
import type { DeviceView } from '../../room-store.ts';

/** The device's status as a coloured badge with its Vietnamese (or English) name. */
export function StatusBadge({ device, large = false }: { device: DeviceView; large?: boolean }) {
  const b = badgeOf(device);
  return (
    <span
      class={`status-badge status-badge--${b}${large ? ' status-badge--large' : ''}`}
      data-testid="device-status"
      data-status={b}
    >
      <span class="status-badge__dot" aria-hidden="true" />
      {t.value.tech.badge[b]}
    </span>
  );
}
