import { t } from '../i18n.ts';
import { link } from '../room-store.ts';

/** "Mất kết nối" while the socket is down; the page underneath keeps the last known state. */
export function ConnectionBanner() {
  if (link.value !== 'down') return null;
  return (
    <div class="banner banner--offline" role="status" data-testid="offline-banner">
      <span class="banner__dot" aria-hidden="true" />
      {t.value.disconnected}
    </div>
  );
}
