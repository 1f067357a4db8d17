// Reconnect delays: 1 s three times, then every 2 s for as long as it takes.
//
// Companion's modules (and ARCHITECTURE.md) double the delay up to 60 s so a dead device is not
// hammered. In a meeting room that trade is wrong: every device is one cable or one LAN hop away,
// an attempt costs one open() or one SYN, and issue 3 asks for the floor back within 3 s of the
// link coming back, however long it was gone. A technician who re-plugs a cable after ten minutes
// must not wait a minute. So the delay stops growing at 2 s.
export const RECONNECT_MAX_MS = 2000;

export function reconnectDelay(attempt: number): number {
  return attempt < 3 ? 1000 : RECONNECT_MAX_MS;
}
