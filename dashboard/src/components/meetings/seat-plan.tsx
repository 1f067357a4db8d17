// The seat plan of a meeting: who sits at each of the room's seats (the room view's `seats`). A seat
// belongs to the chair, the secretary, an invitee or a unit's attendee; an invitee's substitute sits
// in the invitee's seat, and the card says so. The organiser, the secretary and the chair change it.
import { useState } from 'preact/hooks';
import { meetingErrorText, tm } from '../../i18n-meetings.ts';
import { assignSeat, type MeetingView, nameOf } from '../../meetings.ts';
import { view } from '../../room-store.ts';
import './meetings.css';

interface Holder {
  id: string;
  label: string;
}

/** Everyone who holds a seat in this meeting, with how they take part. */
function holdersOf(mt: MeetingView): Holder[] {
  const m = tm.value;
  const f = mt.fields;
  const out: Holder[] = [];
  const seen = new Set<string>();
  const add = (id: string | undefined, label: string) => {
    if (!id || seen.has(id)) return;
    seen.add(id);
    out.push({ id, label });
  };
  add(f.chairId, `${nameOf(mt, f.chairId)} (${m.participantRole.chair})`);
  add(f.secretaryId, `${nameOf(mt, f.secretaryId)} (${m.participantRole.secretary})`);
  for (const pid of f.invitedPersons ?? []) {
    const a = mt.answers[pid];
    const name = nameOf(mt, pid);
    if (a?.answer === 'substitute') add(pid, `${nameOf(mt, a.substituteId)} (${m.substituteFor(name)})`);
    else if (a?.answer === 'decline') add(pid, `${name} (${m.declined})`);
    else add(pid, name);
  }
  for (const [uid, a] of Object.entries(mt.unitAnswers)) {
    add(
      a.attendeeId,
      `${nameOf(mt, a.attendeeId)} (${mt.unitNames[uid] ?? m.participantRole.unit_attendee})`,
    );
  }
  return out;
}

export function SeatPlan({
  meeting: mt,
  editable,
  onChanged,
}: {
  meeting: MeetingView;
  editable: boolean;
  onChanged: (m: MeetingView) => void;
}) {
  const m = tm.value;
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const room = view.value;
  const seats = room && (!mt.fields.roomId || mt.fields.roomId === room.room.id) ? room.seats : [];
  const holders = holdersOf(mt);
  const bySeat = new Map(mt.seats.map((s) => [s.seat, s]));
  const seated = new Set(mt.seats.map((s) => s.holderId));
  const unseated = holders.filter((h) => !seated.has(h.id));

  const set = async (seat: number, holderId: string) => {
    setBusy(seat);
    setError(null);
    const r = await assignSeat(mt.id, seat, holderId || null);
    setBusy(null);
    if (!r.ok) setError({ code: r.code, message: r.message });
    else onChanged(r.data);
  };

  return (
    <section class="mtg-card" aria-labelledby="h-seats" data-testid="seat-plan">
      <h2 class="mtg-card__title" id="h-seats">
        {m.seatPlan}
        <span class="panel__count">
          {mt.seats.length}/{seats.length}
        </span>
      </h2>
      <p class="mtg-muted">{editable ? m.seatPlanHint : m.seatPlanReadOnly}</p>
      {error ? (
        <p class="mtg-error" role="alert" data-testid="seat-error" data-code={error.code}>
          {meetingErrorText(error.code, error.message)}
        </p>
      ) : null}
      {seats.length === 0 ? <p class="empty">{m.noRoomSeats}</p> : null}
      <div class="mtg-unseated" data-testid="unseated">
        <span class="field__label">{m.unseated}</span>
        {unseated.length === 0 ? (
          <span class="mtg-muted">{m.allSeated}</span>
        ) : (
          unseated.map((h) => (
            <span key={h.id} class="mtg-chip" data-person={h.id}>
              {h.label}
            </span>
          ))
        )}
      </div>
      <ul class="mtg-seats">
        {seats.map((s) => {
          const here = bySeat.get(s.seat);
          const substitute = here && here.personId !== null && here.personId !== here.holderId;
          return (
            <li
              key={s.seat}
              class={`mtg-seat${here ? ' mtg-seat--taken' : ''}${s.role === 'chair' ? ' mtg-seat--chair' : ''}`}
              data-seat={s.seat}
              data-holder={here?.holderId ?? ''}
              data-person={here?.personId ?? ''}
            >
              <div class="mtg-seat__head">
                <span class={s.role === 'chair' ? 'seat-badge seat-badge--chair' : 'seat-badge'}>
                  {s.seat}
                </span>
                <span class="mtg-seat__label">{s.role === 'chair' ? m.chairSeat : s.label}</span>
              </div>
              {editable ? (
                <select
                  class="field__control mtg-seat__select"
                  aria-label={m.seatN(s.seat)}
                  value={here?.holderId ?? ''}
                  disabled={busy !== null}
                  onChange={(e) => void set(s.seat, e.currentTarget.value)}
                >
                  <option value="">{m.emptySeat}</option>
                  {holders.map((h) => (
                    <option key={h.id} value={h.id}>
                      {h.label}
                    </option>
                  ))}
                </select>
              ) : null}
              <div class="mtg-seat__who" data-testid="seat-who">
                {here ? (
                  here.personId ? (
                    <>
                      <span class="mtg-seat__name">{here.name ?? nameOf(mt, here.personId)}</span>
                      {substitute ? (
                        <span class="mtg-chip mtg-chip--substitute" data-testid="seat-substitute">
                          {m.sitsFor(nameOf(mt, here.holderId))}
                        </span>
                      ) : null}
                    </>
                  ) : (
                    <span class="mtg-muted">
                      {nameOf(mt, here.holderId)} · {m.declined}
                    </span>
                  )
                ) : editable ? null : (
                  <span class="mtg-muted">{m.emptySeat}</span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
