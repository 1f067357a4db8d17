// The device's access key. A pairing link (`/chair#key=…`, `/seat/5#key=…`) carries it in the URL
// fragment, which browsers never send to the server nor put in the Referer. On load the key moves
// to localStorage (`room.key`) and leaves the address bar, so it does not end up in screenshots,
// bookmarks or the browser history.
const KEY_STORAGE = 'room.key';

let current: string | null = null;

/** Takes `#key=…` from the address bar (if any), stores it, and returns the device's key. */
export function captureAccessKey(loc: Location = location): string | null {
  const params = new URLSearchParams(loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash);
  const fromLink = params.get('key')?.trim();
  if (fromLink) {
    current = fromLink;
    try {
      localStorage.setItem(KEY_STORAGE, fromLink);
    } catch {
      // Storage disabled: the key lasts for this page only.
    }
    params.delete('key');
    const rest = params.toString();
    history.replaceState(history.state, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return current;
  }
  try {
    current = localStorage.getItem(KEY_STORAGE);
  } catch {
    current = null;
  }
  return current;
}

export function accessKey(): string | null {
  return current;
}
