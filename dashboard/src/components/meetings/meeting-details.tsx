// A meeting read-only: every field of R-MTG-1 as the organiser entered it, for the people who may
// see it but not change it (and for the organiser once it left the draft).
import type { ComponentChildren } from 'preact';
import { tm } from '../../i18n-meetings.ts';
import { type MeetingView, nameOf, unitNameOf } from '../../meetings.ts';
import { SecretChip } from './chips.tsx';
import { clockDate, span } from './format.ts';
import { whereOf } from './invitation.tsx';
import './meetings.css';

function Row({ label, children, testid }: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testid}>{children}</dd>
    </>
  );
}

const list = (names: string[]) => (names.length ? names.join(', ') : '—');

export function MeetingDetails({ meeting: mt }: { meeting: MeetingView }) {
  const m = tm.value;
  const f = mt.fields;
  const person = (id: string | undefined) => (id ? nameOf(mt, id) : '—');
  return (
    <div class="mtg-details" data-testid="meeting-details">
      <section class="mtg-card">
        <h2 class="mtg-card__title">
          {m.sections.general}
          <span class="mtg-chip">{m.readOnly}</span>
        </h2>
        <dl class="mtg-facts">
          <Row label={m.field.title}>{f.title}</Row>
          <Row label={m.field.kind}>{m.kind[f.kind]}</Row>
          <Row label={m.field.form}>{f.form ? m.form[f.form] : '—'}</Row>
          <Row label={m.field.secret}>{f.secret ? <SecretChip /> : '—'}</Row>
          <Row label={m.field.language}>{m.language[f.language ?? 'vi']}</Row>
          <Row label={m.when}>{span(f.startsAt, f.endsAt)}</Row>
          <Row label={m.where}>{whereOf(mt) || '—'}</Row>
          <Row label={m.field.answerDeadline}>{clockDate(mt.answerDeadline)}</Row>
        </dl>
      </section>
      <section class="mtg-card">
        <h2 class="mtg-card__title">{m.sections.people}</h2>
        <dl class="mtg-facts">
          <Row label={m.field.chairId}>{person(f.chairId)}</Row>
          <Row label={m.field.secretaryId}>{person(f.secretaryId)}</Row>
          <Row label={m.field.approverId}>{person(f.approverId)}</Row>
          <Row label={m.field.preparerId}>{person(f.preparerId)}</Row>
          <Row label={m.field.preparingUnitId}>
            {f.preparingUnitId ? unitNameOf(mt, f.preparingUnitId) : '—'}
          </Row>
          <Row label={m.field.invitedPersons}>
            {list((f.invitedPersons ?? []).map((id) => nameOf(mt, id)))}
          </Row>
          <Row label={m.field.invitedUnits}>
            {list((f.invitedUnits ?? []).map((id) => unitNameOf(mt, id)))}
          </Row>
          <Row label={m.field.supportStaff}>{list((f.supportStaff ?? []).map((id) => nameOf(mt, id)))}</Row>
        </dl>
      </section>
      <section class="mtg-card">
        <h2 class="mtg-card__title">{m.sections.agenda}</h2>
        {(f.agenda ?? []).length === 0 ? <p class="empty">{m.agendaEmpty}</p> : null}
        <ol class="mtg-agenda">
          {(f.agenda ?? []).map((a) => (
            <li
              key={a.id}
              class={
                a.id === mt.currentItem ? 'mtg-agenda__item mtg-agenda__item--current' : 'mtg-agenda__item'
              }
            >
              <span class="mtg-agenda__title">{a.title}</span>
              <span class="mtg-agenda__meta">
                {[
                  a.presenter ? m.presentedBy(nameOf(mt, a.presenter)) : '',
                  a.minutes ? m.minutesShort(a.minutes) : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <section class="mtg-card">
        <h2 class="mtg-card__title">{m.sections.invitation}</h2>
        <dl class="mtg-facts">
          <Row label={m.field.invitationNumber}>{f.invitation?.number || '—'}</Row>
        </dl>
        {f.invitation?.text ? <p class="mtg-invitation__text">{f.invitation.text}</p> : null}
      </section>
    </div>
  );
}
