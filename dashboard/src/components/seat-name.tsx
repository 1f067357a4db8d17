import { t } from '../i18n.ts';
import { isChairSeat, seatLabel, view } from '../room-store.ts';

/** Seat number in a round badge, then the seat's label from the seat plan. */
export function SeatName({ seat }: { seat: number }) {
  const label = seatLabel(view.value, seat) ?? t.value.seatN(seat);
  const chair = isChairSeat(view.value, seat);
  return (
    <span class="seat-name">
      <span class={chair ? 'seat-badge seat-badge--chair' : 'seat-badge'} title={t.value.seatN(seat)}>
        {seat}
      </span>
      <span class="seat-name__label">{label}</span>
    </span>
  );
}
