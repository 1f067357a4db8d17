// The organiser's editor (R-MTG-1): every field of a meeting, in the order a giấy mời is drafted:
// what and when, who chairs and who is invited, the agenda, the invitation's number and text.
import type { ComponentChildren } from 'preact';
import type {
  MeetingForm as Form,
  MeetingKind,
  MeetingLanguage,
} from '../../../../appliance/src/domain/meeting.ts';
import { type FieldName, tm } from '../../i18n-meetings.ts';
import { newItemId } from '../../meetings.ts';
import { view } from '../../room-store.ts';
import type { FormItem, MeetingFormState } from './meeting-form.ts';
import { PersonPicker, PersonsPicker, UnitPicker, UnitsPicker } from './pickers.tsx';
import './meetings.css';

const KINDS: readonly MeetingKind[] = ['regular', 'ad_hoc', 'emergency'];
const FORMS: readonly Form[] = ['in_person', 'online', 'hybrid'];
const LANGUAGES: readonly MeetingLanguage[] = ['vi', 'en'];

export type Problems = Partial<Record<FieldName, 'required' | 'order'>>;

interface Props {
  state: MeetingFormState;
  set: (patch: Partial<MeetingFormState>) => void;
  problems: Problems;
  /** Names for ids the directory no longer lists (from the meeting's `names` / `unitNames`). */
  nameOf: (id: string) => string;
  unitNameOf: (id: string) => string;
  disabled: boolean;
}

function Field({
  name,
  label,
  problem,
  hint,
  wide = false,
  children,
}: {
  name: FieldName;
  label?: string;
  problem?: string | undefined;
  hint?: string | undefined;
  wide?: boolean;
  children: ComponentChildren;
}) {
  const m = tm.value;
  return (
    <div
      class={`mtg-field${wide ? ' mtg-field--wide' : ''}${problem ? ' mtg-field--bad' : ''}`}
      data-field={name}
      id={`f-${name}`}
    >
      <label class="field__label" for={`in-${name}`}>
        {label ?? m.field[name]}
      </label>
      {children}
      {problem ? (
        <span class="mtg-field__problem" role="alert">
          {problem}
        </span>
      ) : hint ? (
        <span class="mtg-field__hint">{hint}</span>
      ) : null}
    </div>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: ComponentChildren }) {
  return (
    <section class="mtg-card mtg-form__section" aria-labelledby={`h-${id}`}>
      <h2 class="mtg-card__title" id={`h-${id}`}>
        {title}
      </h2>
      <div class="mtg-form__grid">{children}</div>
    </section>
  );
}

export function MeetingEditor({ state: s, set, problems, nameOf, unitNameOf, disabled }: Props) {
  const m = tm.value;
  const say = (f: FieldName): string | undefined => {
    const p = problems[f];
    if (!p) return undefined;
    if (p === 'required') return f === 'agenda' ? m.problems.itemTitle : m.problems.required;
    return f === 'answerDeadline' ? m.problems.deadlineBeforeStart : m.problems.endAfterStart;
  };
  const room = view.value?.room ?? null;
  const people = { fallbackName: nameOf, disabled };
  return (
    <div class="mtg-form" data-testid="meeting-editor">
      <Section title={m.sections.general} id="general">
        <Field name="title" wide problem={say('title')}>
          <input
            id="in-title"
            class="field__control"
            type="text"
            maxLength={300}
            value={s.title}
            disabled={disabled}
            data-testid="in-title"
            onInput={(e) => set({ title: e.currentTarget.value })}
          />
        </Field>
        <Field name="kind">
          <select
            id="in-kind"
            class="field__control"
            value={s.kind}
            disabled={disabled}
            data-testid="in-kind"
            onChange={(e) => set({ kind: e.currentTarget.value as MeetingKind })}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {m.kind[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="form">
          <select
            id="in-form"
            class="field__control"
            value={s.form}
            disabled={disabled}
            data-testid="in-form"
            onChange={(e) => set({ form: e.currentTarget.value as Form | '' })}
          >
            <option value="">{m.none}</option>
            {FORMS.map((k) => (
              <option key={k} value={k}>
                {m.form[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field name="language" hint={m.fieldHint.language}>
          <select
            id="in-language"
            class="field__control"
            value={s.language}
            disabled={disabled}
            data-testid="in-language"
            onChange={(e) => set({ language: e.currentTarget.value as MeetingLanguage })}
          >
            {LANGUAGES.map((k) => (
              <option key={k} value={k}>
                {m.language[k]}
              </option>
            ))}
          </select>
        </Field>
        <div class="mtg-field mtg-field--wide" id="f-secret" data-field="secret">
          <label class="check mtg-secret">
            <input
              type="checkbox"
              checked={s.secret}
              disabled={disabled}
              data-testid="in-secret"
              onChange={(e) => set({ secret: e.currentTarget.checked })}
            />
            <span class="mtg-secret__text">
              <span class="mtg-chip mtg-chip--secret">{m.secret}</span>
              <span class="mtg-field__hint">{m.secretHint}</span>
            </span>
          </label>
        </div>
      </Section>

      <Section title={m.sections.time} id="time">
        <Field name="startsAt" problem={say('startsAt')}>
          <input
            id="in-startsAt"
            class="field__control"
            type="datetime-local"
            value={s.startsAt}
            disabled={disabled}
            data-testid="in-startsAt"
            onInput={(e) => set({ startsAt: e.currentTarget.value })}
          />
        </Field>
        <Field name="endsAt" problem={say('endsAt')}>
          <input
            id="in-endsAt"
            class="field__control"
            type="datetime-local"
            value={s.endsAt}
            disabled={disabled}
            data-testid="in-endsAt"
            onInput={(e) => set({ endsAt: e.currentTarget.value })}
          />
        </Field>
        <Field name="answerDeadline" problem={say('answerDeadline')} hint={m.fieldHint.answerDeadline}>
          <input
            id="in-answerDeadline"
            class="field__control"
            type="datetime-local"
            value={s.answerDeadline}
            disabled={disabled}
            data-testid="in-answerDeadline"
            onInput={(e) => set({ answerDeadline: e.currentTarget.value })}
          />
        </Field>
        <Field name="roomId">
          <select
            id="in-roomId"
            class="field__control"
            value={s.roomId}
            disabled={disabled}
            data-testid="in-roomId"
            onChange={(e) => set({ roomId: e.currentTarget.value })}
          >
            <option value="">{m.noRoom}</option>
            {room ? <option value={room.id}>{m.thisRoom(room.name)}</option> : null}
            {s.roomId && s.roomId !== room?.id ? <option value={s.roomId}>{s.roomId}</option> : null}
          </select>
        </Field>
        <Field name="location" hint={m.fieldHint.location} wide>
          <input
            id="in-location"
            class="field__control"
            type="text"
            maxLength={300}
            placeholder={m.locationPlaceholder}
            value={s.location}
            disabled={disabled}
            data-testid="in-location"
            onInput={(e) => set({ location: e.currentTarget.value })}
          />
        </Field>
      </Section>

      <Section title={m.sections.people} id="people">
        {(['chairId', 'secretaryId', 'approverId', 'preparerId'] as const).map((k) => (
          <Field name={k} key={k}>
            <PersonPicker
              inputId={`in-${k}`}
              testid={`picker-${k}`}
              value={s[k]}
              onChange={(id) => set({ [k]: id })}
              {...people}
            />
          </Field>
        ))}
        <Field name="preparingUnitId">
          <UnitPicker
            inputId="in-preparingUnitId"
            testid="picker-preparingUnitId"
            value={s.preparingUnitId}
            onChange={(id) => set({ preparingUnitId: id })}
            fallbackName={unitNameOf}
            disabled={disabled}
          />
        </Field>
        <Field name="invitedPersons" wide>
          <PersonsPicker
            inputId="in-invitedPersons"
            testid="picker-invitedPersons"
            values={s.invitedPersons}
            onChange={(ids) => set({ invitedPersons: ids })}
            {...people}
          />
        </Field>
        <Field name="invitedUnits" wide hint={m.fieldHint.invitedUnits}>
          <UnitsPicker
            inputId="in-invitedUnits"
            testid="picker-invitedUnits"
            values={s.invitedUnits}
            onChange={(ids) => set({ invitedUnits: ids })}
            fallbackName={unitNameOf}
            disabled={disabled}
          />
        </Field>
        <Field name="supportStaff" wide>
          <PersonsPicker
            inputId="in-supportStaff"
            testid="picker-supportStaff"
            values={s.supportStaff}
            onChange={(ids) => set({ supportStaff: ids })}
            {...people}
          />
        </Field>
      </Section>

      <AgendaEditor
        items={s.agenda}
        onChange={(agenda) => set({ agenda })}
        problem={say('agenda')}
        nameOf={nameOf}
        disabled={disabled}
      />

      <Section title={m.sections.invitation} id="invitation">
        <Field name="invitationNumber">
          <input
            id="in-invitationNumber"
            class="field__control"
            type="text"
            maxLength={60}
            placeholder={m.invitationNumberPlaceholder}
            value={s.invitationNumber}
            disabled={disabled}
            data-testid="in-invitationNumber"
            onInput={(e) => set({ invitationNumber: e.currentTarget.value })}
          />
        </Field>
        <Field name="invitationText" wide>
          <textarea
            id="in-invitationText"
            class="field__control mtg-textarea"
            rows={6}
            maxLength={20000}
            placeholder={m.invitationTextPlaceholder}
            value={s.invitationText}
            disabled={disabled}
            data-testid="in-invitationText"
            onInput={(e) => set({ invitationText: e.currentTarget.value })}
          />
        </Field>
      </Section>
    </div>
  );
}

function AgendaEditor({
  items,
  onChange,
  problem,
  nameOf,
  disabled,
}: {
  items: FormItem[];
  onChange: (items: FormItem[]) => void;
  problem: string | undefined;
  nameOf: (id: string) => string;
  disabled: boolean;
}) {
  const m = tm.value;
  const update = (i: number, patch: Partial<FormItem>) =>
    onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...items];
    const [x] = next.splice(i, 1);
    if (x) next.splice(i + by, 0, x);
    onChange(next);
  };
  const total = items.reduce((n, x) => n + (Number.parseInt(x.minutes, 10) || 0), 0);
  return (
    <section class="mtg-card mtg-form__section" aria-labelledby="h-agenda" id="f-agenda" data-field="agenda">
      <h2 class="mtg-card__title" id="h-agenda">
        {m.sections.agenda}
        <span class="panel__count">{items.length}</span>
      </h2>
      {items.length === 0 ? <p class="empty">{m.agendaEmpty}</p> : null}
      <ol class="mtg-agenda-edit" data-testid="agenda-editor">
        {items.map((x, i) => (
          <li class="mtg-agenda-edit__item" key={x.id} data-item={x.id}>
            <span class="mtg-agenda-edit__n" aria-hidden="true">
              {i + 1}
            </span>
            <div class="mtg-agenda-edit__fields">
              <label class="mtg-field mtg-field--wide">
                <span class="field__label">{m.itemN(i + 1)}</span>
                <input
                  class="field__control"
                  type="text"
                  maxLength={300}
                  placeholder={m.itemTitlePlaceholder}
                  value={x.title}
                  disabled={disabled}
                  data-testid="item-title"
                  onInput={(e) => update(i, { title: e.currentTarget.value })}
                />
              </label>
              <div class="mtg-field mtg-agenda-edit__presenter">
                <span class="field__label">{m.presenter}</span>
                <PersonPicker
                  testid="item-presenter"
                  value={x.presenter}
                  onChange={(id) => update(i, { presenter: id })}
                  fallbackName={nameOf}
                  disabled={disabled}
                />
              </div>
              <label class="mtg-field mtg-agenda-edit__minutes">
                <span class="field__label">{m.minutes}</span>
                <input
                  class="field__control"
                  type="number"
                  min={1}
                  max={1440}
                  inputMode="numeric"
                  value={x.minutes}
                  disabled={disabled}
                  data-testid="item-minutes"
                  onInput={(e) => update(i, { minutes: e.currentTarget.value })}
                />
              </label>
            </div>
            <div class="mtg-agenda-edit__tools">
              <button
                type="button"
                class="btn btn--small btn--ghost"
                aria-label={`${m.moveUp}: ${m.itemN(i + 1)}`}
                title={m.moveUp}
                disabled={disabled || i === 0}
                data-action="up"
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                class="btn btn--small btn--ghost"
                aria-label={`${m.moveDown}: ${m.itemN(i + 1)}`}
                title={m.moveDown}
                disabled={disabled || i === items.length - 1}
                data-action="down"
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                class="btn btn--small btn--danger-soft"
                disabled={disabled}
                data-action="remove"
                onClick={() => onChange(items.filter((_, j) => j !== i))}
              >
                {m.remove}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div class="mtg-agenda-edit__foot">
        <button
          type="button"
          class="btn"
          disabled={disabled || items.length >= 100}
          data-testid="add-item"
          onClick={() => onChange([...items, { id: newItemId(), title: '', presenter: '', minutes: '' }])}
        >
          + {m.addItem}
        </button>
        {total > 0 ? <span class="mtg-muted">{m.totalMinutes(total)}</span> : null}
        {problem ? (
          <span class="mtg-field__problem" role="alert">
            {problem}
          </span>
        ) : null}
      </div>
    </section>
  );
}
