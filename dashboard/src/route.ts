// The single-page app routes on `location.pathname` (the appliance serves index.html for each).
export type Route =
  | { page: 'display' }
  | { page: 'chair' }
  | { page: 'seat'; seat: number }
  | { page: 'technician' }
  | { page: 'home' }
  | { page: 'not-found' };

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (path === '/display') return { page: 'display' };
  if (path === '/chair') return { page: 'chair' };
  if (path === '/technician') return { page: 'technician' };
  const m = /^\/seat\/(\d{1,5})$/.exec(path);
  if (m) {
    const seat = Number(m[1]);
    if (seat >= 1 && seat <= 65535) return { page: 'seat', seat };
  }
  return { page: 'not-found' };
}

/** The public wall display never sends a key; paired screens (and the technician's page) do. */
export const needsKey = (r: Route): boolean =>
  r.page === 'chair' || r.page === 'seat' || r.page === 'technician';
