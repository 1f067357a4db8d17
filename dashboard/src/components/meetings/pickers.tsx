// Person and unit pickers: type part of a name (diacritics optional: "nguyen van" finds "Nguyễn
// Văn"), pick with the mouse or arrows and Enter. One person (chair, secretary…) shows as a chip
// that can be cleared; several (invited persons, units, support staff) as a list of chips.
import { useRef, useState } from 'preact/hooks';
import { tm } from '../../i18n-meetings.ts';
import { matches, type PersonEntry, persons, type UnitEntry, units } from '../../meetings.ts';
import './meetings.css';

interface Option {
  id: string;
  label: string;
  sub: string;
}

const MAX_SHOWN = 8;

function personOption(p: PersonEntry): Option {
  const unit = units.value?.find((u) => u.id === p.unitId);
  return {
    id: p.id,
    label: p.fullName,
    sub: [p.title, unit?.shortName ?? unit?.name].filter(Boolean).join(' · '),
  };
}

function unitOption(u: UnitEntry): Option {
  return { id: u.id, label: u.name, sub: u.shortName ?? '' };
}

function personOptions(query: string, exclude: ReadonlySet<string>, from?: readonly PersonEntry[]): Option[] {
  const all = from ?? persons.value ?? [];
  const unitName = (id: string) => units.value?.find((u) => u.id === id)?.name ?? '';
  return all
    .filter((p) => p.active && !exclude.has(p.id))
    .filter((p) => matches(query, p.fullName, p.title, p.username, unitName(p.unitId)))
    .slice(0, MAX_SHOWN)
    .map(personOption);
}

function unitOptions(query: string, exclude: ReadonlySet<string>): Option[] {
  return (units.value ?? [])
    .filter((u) => !exclude.has(u.id))
    .filter((u) => matches(query, u.name, u.shortName))
    .slice(0, MAX_SHOWN)
    .map(unitOption);
}

/** The search box and its list of matches. */
function Search({
  inputId,
  placeholder,
  find,
  onPick,
  disabled,
}: {
  inputId?: string | undefined;
  placeholder: string;
  find: (query: string) => Option[];
  onPick: (id: string) => void;
  disabled?: boolean | undefined;
}) {
  const m = tm.value;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const options = open ? find(query) : [];
  const listId = `${inputId ?? 'picker'}-list`;
  // After a pick the list closes (it would cover what follows); typing or a click opens it again.
  const pick = (id: string) => {
    onPick(id);
    setQuery('');
    setActive(0);
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(0, options.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      const o = options[active];
      if (open && o) {
        e.preventDefault();
        pick(o.id);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  return (
    <div class="picker__search">
      <input
        ref={input}
        id={inputId}
        class="field__control picker__input"
        type="text"
        role="combobox"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        autocomplete="off"
        placeholder={placeholder}
        value={query}
        disabled={disabled}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
      />
      {open ? (
        <div class="picker__list" id={listId} role="listbox">
          {options.length === 0 ? (
            <div class="picker__empty">{m.noResults}</div>
          ) : (
            options.map((o, i) => (
              <div
                key={o.id}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                class={i === active ? 'picker__option picker__option--active' : 'picker__option'}
                data-id={o.id}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o.id);
                }}
              >
                <span class="picker__label">{o.label}</span>
                {o.sub ? <span class="picker__sub">{o.sub}</span> : null}
              </div>
            ))
          )}
        </div>
      ) : null}
    </div>
  );
}

function Chip({ label, sub, onRemove, disabled }: Option & { onRemove?: () => void; disabled?: boolean }) {
  const m = tm.value;
  return (
    <span class="picker__chip">
      <span class="picker__chip-text">
        <span class="picker__label">{label}</span>
        {sub ? <span class="picker__sub">{sub}</span> : null}
      </span>
      {onRemove && !disabled ? (
        <button type="button" class="picker__remove" aria-label={`${m.clear}: ${label}`} onClick={onRemove}>
          ×
        </button>
      ) : null}
    </span>
  );
}

const personChip = (id: string, fallback: (id: string) => string, from?: readonly PersonEntry[]): Option => {
  const p = from?.find((x) => x.id === id) ?? persons.value?.find((x) => x.id === id);
  return p ? personOption(p) : { id, label: fallback(id), sub: '' };
};
const unitChip = (id: string, fallback: (id: string) => string): Option => {
  const u = units.value?.find((x) => x.id === id);
  return u ? unitOption(u) : { id, label: fallback(id), sub: '' };
};

interface SingleProps {
  inputId?: string;
  value: string;
  onChange: (id: string) => void;
  /** People who may not be picked here (already in the meeting in another capacity…). */
  exclude?: readonly string[];
  /** A name for an id the directory does not list (a deactivated person). */
  fallbackName?: (id: string) => string;
  disabled?: boolean;
  testid: string;
  /** Persons: pick only from these (one unit's people) instead of the whole directory. */
  from?: readonly PersonEntry[] | undefined;
}

export function PersonPicker(p: SingleProps) {
  return <Single {...p} kind="person" />;
}

export function UnitPicker(p: SingleProps) {
  return <Single {...p} kind="unit" />;
}

function Single({
  inputId,
  value,
  onChange,
  exclude = [],
  fallbackName = (id) => id,
  disabled,
  testid,
  from,
  kind,
}: SingleProps & { kind: 'person' | 'unit' }) {
  const m = tm.value;
  const excluded = new Set(exclude);
  if (value) {
    const o = kind === 'person' ? personChip(value, fallbackName, from) : unitChip(value, fallbackName);
    return (
      <div class="picker picker--single" data-testid={testid} data-value={value}>
        <Chip {...o} onRemove={() => onChange('')} disabled={disabled} />
      </div>
    );
  }
  return (
    <div class="picker picker--single" data-testid={testid} data-value="">
      <Search
        inputId={inputId}
        placeholder={kind === 'person' ? m.searchPerson : m.searchUnit}
        find={(q) => (kind === 'person' ? personOptions(q, excluded, from) : unitOptions(q, excluded))}
        onPick={onChange}
        disabled={disabled}
      />
    </div>
  );
}

interface MultiProps {
  inputId?: string;
  values: readonly string[];
  onChange: (ids: string[]) => void;
  exclude?: readonly string[];
  fallbackName?: (id: string) => string;
  disabled?: boolean;
  testid: string;
}

export function PersonsPicker(p: MultiProps) {
  return <Multi {...p} kind="person" />;
}

export function UnitsPicker(p: MultiProps) {
  return <Multi {...p} kind="unit" />;
}

function Multi({
  inputId,
  values,
  onChange,
  exclude = [],
  fallbackName = (id) => id,
  disabled,
  testid,
  kind,
}: MultiProps & { kind: 'person' | 'unit' }) {
  const m = tm.value;
  const excluded = new Set([...exclude, ...values]);
  return (
    <div class="picker picker--multi" data-testid={testid} data-count={values.length}>
      {values.length > 0 ? (
        <div class="picker__chips">
          {values.map((id) => {
            const o = kind === 'person' ? personChip(id, fallbackName) : unitChip(id, fallbackName);
            return (
              <Chip
                key={id}
                {...o}
                disabled={disabled}
                onRemove={() => onChange(values.filter((v) => v !== id))}
              />
            );
          })}
        </div>
      ) : null}
      {disabled ? null : (
        <Search
          inputId={inputId}
          placeholder={kind === 'person' ? m.searchPerson : m.searchUnit}
          find={(q) => (kind === 'person' ? personOptions(q, excluded) : unitOptions(q, excluded))}
          onPick={(id) => onChange([...values, id])}
        />
      )}
    </div>
  );
}
