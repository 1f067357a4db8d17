// `/`: what this person can open, as large tiles (administration and the audit log for
// administrators, the devices for technicians, meetings for everyone logged in, the wall display),
// or the login button when nobody is logged in.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { GlobalRole } from '../../../appliance/src/people/roles.ts';
import { Notice } from '../components/key-gate.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { t } from '../i18n.ts';
import { ta } from '../i18n-admin.ts';
import { view } from '../room-store.ts';
import { loadSession, session } from '../session.ts';

type TileId = 'admin' | 'audit' | 'technician' | 'meetings' | 'display' | 'account';

const TILES: { id: TileId; href: string; roles?: readonly GlobalRole[] }[] = [
  { id: 'meetings', href: '/meetings' },
  { id: 'admin', href: '/admin', roles: ['sysadmin', 'unit_admin'] },
  { id: 'audit', href: '/admin/audit', roles: ['sysadmin', 'unit_admin'] },
  { id: 'technician', href: '/technician', roles: ['technician', 'sysadmin'] },
  { id: 'display', href: '/display' },
  { id: 'account', href: '/account' },
];

export function HomePage() {
  const m = t.value;
  const am = ta.value;
  const s = session.value;
  useEffect(() => {
    document.title = view.peek()?.room.name ?? m.roomFallback;
  }, [m]);

  if (s.status === 'loading') {
    return (
      <Notice testid="session-checking" title={am.checkingSession}>
        {null}
      </Notice>
    );
  }
  const person = s.status === 'in' ? s.person : null;
  const tiles = person
    ? TILES.filter((x) => !x.roles || (!person.restricted && person.roles.some((r) => x.roles!.includes(r))))
    : TILES.filter((x) => x.id === 'display');

  return (
    <div class="page page--home">
      <TopBar role={m.homeIntro} />
      <main class="home">
        {s.status === 'error' ? (
          <div class="form-failure" role="alert">
            {am.unreachableTitle}. {am.unreachableBody}{' '}
            <button type="button" class="btn" onClick={() => void loadSession()}>
              {am.retry}
            </button>
          </div>
        ) : null}
        {person ? (
          <header class="home__hello">
            <h1 class="home__title" data-testid="home-welcome">
              {am.home.welcome(person.name)}
            </h1>
            <p class="home__lead">{person.restricted ? am.home.mustChange : am.home.intro}</p>
            {person.roles.length ? (
              <p class="home__roles">
                {person.roles.map((r) => (
                  <span key={r} class={`role-chip role-chip--${r}`}>
                    {am.roles[r]}
                  </span>
                ))}
              </p>
            ) : null}
          </header>
        ) : (
          <header class="home__hello home__hello--out" data-testid="home-logged-out">
            <h1 class="home__title">{view.value?.room.name ?? m.roomFallback}</h1>
            <p class="home__lead">{am.home.loginPrompt}</p>
            <a class="btn btn--primary btn--large" href="/login" data-testid="home-login">
              {am.loginButton}
            </a>
          </header>
        )}
        <nav class="tiles" aria-label={am.pages.home} data-testid="home-tiles">
          {tiles.map((x) => (
            <a
              key={x.id}
              class={`tile tile--${x.id}${person?.restricted && x.id === 'account' ? ' tile--urgent' : ''}`}
              href={x.href}
              data-testid={`tile-${x.id}`}
            >
              <span class="tile__icon" aria-hidden="true">
                <TileIcon id={x.id} />
              </span>
              <span class="tile__text">
                <span class="tile__title">{am.pages[x.id]}</span>
                <span class="tile__desc">{am.home.tiles[x.id]}</span>
              </span>
              <span class="tile__arrow" aria-hidden="true">
                →
              </span>
            </a>
          ))}
        </nav>
        <p class="home__note">{am.home.paired}</p>
      </main>
    </div>
  );
}

function Svg({ children }: { children: ComponentChildren }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      width="30"
      height="30"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      {children}
    </svg>
  );
}

function TileIcon({ id }: { id: TileId }) {
  switch (id) {
    case 'admin':
      return (
        <Svg>
          <circle cx="9" cy="8" r="3.2" />
          <path d="M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6" />
          <circle cx="17.5" cy="9" r="2.5" />
          <path d="M16 14.2c2.9.3 5 2.6 5 5.8" />
        </Svg>
      );
    case 'audit':
      return (
        <Svg>
          <path d="M6 3h9l4 4v14H6z" />
          <path d="M15 3v4h4M9 11h7M9 15h7M9 19h4" />
        </Svg>
      );
    case 'technician':
      return (
        <Svg>
          <rect x="3" y="4" width="18" height="12" rx="2" />
          <path d="M8 20h8M12 16v4M7 10h2l1.5-3 2 6 1.5-3H17" />
        </Svg>
      );
    case 'meetings':
      return (
        <Svg>
          <rect x="3" y="5" width="18" height="16" rx="2" />
          <path d="M3 10h18M8 3v4M16 3v4M8 14h3M8 17h6" />
        </Svg>
      );
    case 'display':
      return (
        <Svg>
          <rect x="2.5" y="4" width="19" height="13" rx="1.5" />
          <path d="M7 21h10M6.5 13V9M10 13V7M13.5 13v-3M17 13V8" />
        </Svg>
      );
    case 'account':
      return (
        <Svg>
          <rect x="5" y="10" width="14" height="11" rx="2" />
          <path d="M8 10V7a4 4 0 0 1 8 0v3M12 14v3" />
        </Svg>
      );
  }
}
