// Test commands, built from the driver's command schema: pick a command, fill its fields, send it,
// see the device's answer (or the coded refusal: E_NOT_CONNECTED, E_TIMEOUT, E_BAD_COMMAND…).
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import {
  type CommandField,
  type CommandVariant,
  commandBody,
  commandVariants,
  driverOf,
} from '../../devices.ts';
import { errorText, t } from '../../i18n.ts';
import type { DeviceView } from '../../room-store.ts';
import { ValueTree } from './value-tree.tsx';

type Outcome =
  | { ok: true; type: string; result: unknown }
  | { ok: false; type: string; code: string; message: string };

export function CommandPanel({ device }: { device: DeviceView }) {
  const m = t.value;
  const variants = commandVariants(driverOf(device.driver)?.commands);
  const [type, setType] = useState<string>('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [invalid, setInvalid] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const current: CommandVariant | undefined = variants.find((v) => v.type === type) ?? variants[0];

  const send = async (e: Event) => {
    e.preventDefault();
    if (!current || sending) return;
    const b = commandBody(current, values);
    if (!b.ok) {
      setInvalid(b.field);
      return;
    }
    setInvalid(null);
    setSending(true);
    const r = await api('POST', `/api/devices/${encodeURIComponent(device.id)}/commands`, b.body);
    setSending(false);
    setOutcome(
      r.ok
        ? { ok: true, type: current.type, result: (r.data as { result?: unknown } | null)?.result ?? null }
        : { ok: false, type: current.type, code: r.code, message: r.message },
    );
  };

  return (
    <section class="panel" aria-labelledby="h-commands" data-testid="commands">
      <h3 class="subpanel__title" id="h-commands">
        {m.tech.commands}
      </h3>
      {!current ? (
        <p class="empty">{m.tech.noCommands}</p>
      ) : (
        // The appliance checks the command (E_BAD_COMMAND); the browser's own range checks would hide that.
        <form class="command-form" onSubmit={send} noValidate>
          <label class="field">
            <span class="field__label">{m.tech.command}</span>
            <select
              class="field__control field__control--mono"
              data-testid="command-type"
              value={current.type}
              onChange={(e) => {
                setType(e.currentTarget.value);
                setInvalid(null);
              }}
            >
              {variants.map((v) => (
                <option key={v.type} value={v.type}>
                  {v.type}
                </option>
              ))}
            </select>
            {current.description ? <span class="field__hint">{current.description}</span> : null}
          </label>
          {current.fields.map((f) => (
            <Field
              key={`${current.type}.${f.name}`}
              field={f}
              value={values[f.name] ?? ''}
              invalid={invalid === f.name}
              onChange={(v) => setValues({ ...values, [f.name]: v })}
            />
          ))}
          <button type="submit" class="btn btn--primary" data-testid="command-send" disabled={sending}>
            {m.tech.send}
          </button>
        </form>
      )}
      {outcome ? (
        outcome.ok ? (
          <div class="command-result command-result--ok" data-testid="command-result" data-ok="true">
            <p class="command-result__title">
              {m.tech.commandDone} <code>{outcome.type}</code>
            </p>
            <ValueTree value={outcome.result} />
          </div>
        ) : (
          <div
            class="command-result command-result--error"
            data-testid="command-result"
            data-ok="false"
            data-code={outcome.code}
            role="alert"
          >
            <p class="command-result__title">
              {m.tech.commandFailed} <code>{outcome.code}</code>
            </p>
            <p>{errorText(m, outcome.code, outcome.message)}</p>
            <p class="command-result__detail">{outcome.message}</p>
          </div>
        )
      ) : null}
    </section>
  );
}

function Field({
  field,
  value,
  invalid,
  onChange,
}: {
  field: CommandField;
  value: string;
  invalid: boolean;
  onChange: (v: string) => void;
}) {
  const range =
    field.minimum !== undefined || field.maximum !== undefined
      ? ` (${field.minimum ?? ''}…${field.maximum ?? ''})`
      : '';
  const hint = [field.description, range.trim()].filter(Boolean).join(' ');
  if (field.kind === 'boolean') {
    return (
      <label class="check check--compact">
        <input
          type="checkbox"
          data-field={field.name}
          checked={value === 'true'}
          onChange={(e) => onChange(e.currentTarget.checked ? 'true' : 'false')}
        />
        <span class="field__mono">{field.name}</span>
        {hint ? <span class="field__hint">{hint}</span> : null}
      </label>
    );
  }
  const id = `command-field-${field.name}`;
  const numeric = field.kind === 'integer' || field.kind === 'number';
  return (
    <div class={invalid ? 'field field--invalid' : 'field'}>
      <label class="field__label field__mono" for={id}>
        {field.name}
        {field.required ? ' *' : ''}
      </label>
      {field.kind === 'choice' ? (
        <select
          id={id}
          class="field__control"
          data-field={field.name}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          {field.required ? null : <option value="">—</option>}
          {field.choices?.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : numeric ? (
        <input
          id={id}
          class="field__control field__control--mono"
          data-field={field.name}
          type="number"
          step={field.kind === 'integer' ? 1 : 'any'}
          {...(field.minimum !== undefined ? { min: field.minimum } : {})}
          {...(field.maximum !== undefined ? { max: field.maximum } : {})}
          placeholder={field.default !== undefined ? String(field.default) : ''}
          value={value}
          aria-invalid={invalid}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      ) : (
        <input
          id={id}
          class="field__control field__control--mono"
          data-field={field.name}
          type="text"
          placeholder={field.default !== undefined ? String(field.default) : ''}
          value={value}
          aria-invalid={invalid}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {hint ? <span class="field__hint">{hint}</span> : null}
    </div>
  );
}
