// Reconnect delays: 1 s three times, then doubling up to 60 s (bitfocus companion's modules do the
// same), so a rebooting device is back quickly and a dead one is not hammered.
export function reconnectDelay(attempt: number): number {
  if (attempt < 3) return 1000;
  return Math.min(60_000, 1000 * 2 ** (attempt - 2));
}
