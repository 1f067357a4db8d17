// The logged-in person in the top bar: a round badge with their initials, their name, and the
// logout button (after which the login page opens). Nothing on paired screens or when nobody is
// logged in.
import { useState } from 'preact/hooks';
import { hue, initials } from '../admin-store.ts';
import { ta } from '../i18n-admin.ts';
import { logout, me } from '../session.ts';

export function SessionMenu() {
  const p = me.value;
  const am = ta.value;
  const [leaving, setLeaving] = useState(false);
  if (!p) return null;
  const out = async () => {
    setLeaving(true);
    const r = await logout();
    if (r.ok) location.assign('/login');
    else setLeaving(false);
  };
  return (
    <div class="session-menu" data-testid="session-menu">
      <a class="session-menu__who" href="/account" title={am.changePassword}>
        <span class={`avatar avatar--small avatar--h${hue(p.id)}`} aria-hidden="true">
          {initials(p.name)}
        </span>
        <span class="session-menu__text">
          <span class="session-menu__label">{am.signedInAs}</span>
          <span class="session-menu__name" data-testid="session-name">
            {p.name}
          </span>
        </span>
      </a>
      <button
        type="button"
        class="btn btn--ghost session-menu__logout"
        data-testid="logout"
        disabled={leaving}
        onClick={out}
      >
        {leaving ? am.loggingOut : am.logout}
      </button>
    </div>
  );
}
