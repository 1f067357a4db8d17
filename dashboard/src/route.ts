// The single-page app routes on `location.pathname` (the appliance serves index.html for each).
export type Route =
  | { page: 'display' }
  | { page: 'chair' }
  | { page: 'seat'; seat: number }
  | { page: 'technician' }
  | { page: 'home' }
  | { page: 'login' }
  | { page: 'account' }
  | { page: 'admin' }
  | { page: 'admin-audit' }
  | { page: 'meetings' }
  /** `id` null: `/meetings/new`. */
  | { page: 'meeting'; id: string | null }
  /** A meeting's live transcript and recording (its chair, secretary, system administrators). */
  | { page: 'transcript'; id: string }
  | { page: 'not-found' };

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/display') return { page: 'display' };
  if (path === '/chair') return { page: 'chair' };
  if (path === '/technician') return { page: 'technician' };
  if (path === '/login') return { page: 'login' };
  if (path === '/account') return { page: 'account' };
  if (path === '/admin') return { page: 'admin' };
  if (path === '/admin/audit') return { page: 'admin-audit' };
  if (path === '/meetings') return { page: 'meetings' };
  if (path === '/meetings/new') return { page: 'meeting', id: null };
  const mtg = /^\/meetings\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (mtg) return { page: 'meeting', id: mtg[1]! };
  const tr = /^\/meetings\/([A-Za-z0-9_-]{1,64})\/transcript$/.exec(path);
  if (tr) return { page: 'transcript', id: tr[1]! };
  const m = /^\/seat\/(\d{1,5})$/.exec(path);
  if (m) {
    const seat = Number(m[1]);
    if (seat >= 1 && seat <= 65535) return { page: 'seat', seat };
  }
  return { page: 'not-found' };
}

/**
 * Paired screens (chair console, seat tablets) act with their device key. The wall display is
 * public; every other page acts as the logged-in person (session cookie, see session.ts).
 */
export const needsKey = (r: Route): boolean => r.page === 'chair' || r.page === 'seat';
