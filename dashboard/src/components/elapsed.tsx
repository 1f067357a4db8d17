import { formatDuration } from '../format.ts';
import { serverNow } from '../room-store.ts';

/** Time since `since` (appliance clock), counting up every second. */
export function Elapsed({ since, class: cls }: { since: number; class?: string }) {
  const ms = Math.max(0, serverNow.value - since);
  return <span class={cls ? `elapsed ${cls}` : 'elapsed'}>{formatDuration(ms)}</span>;
}
