// Add or edit a device instance. The appliance validates it exactly as it validates a file at start
// (device-files.ts); its refusal's `details` (`/options/verifyMs: must be >= 20`) are shown beside
// the field they name. What the technician typed stays in the form whatever the answer.
import { useEffect, useState } from 'preact/hooks';
import { api, type ErrorDetail } from '../../api.ts';
import { drivers, type FormField, fieldOfPath, loadDrivers, optionHelp, optionPath } from '../../devices.ts';
import { errorText, t } from '../../i18n.ts';
import { type DeviceView, devices } from '../../room-store.ts';

interface StoredInstance {
  $schema?: string;
  id: string;
  driver: string;
  transport: string;
  disabled?: boolean;
  options?: Record<string, unknown>;
}

type Errors = Partial<Record<FormField, string[]>>;

export function DeviceForm({
  editId,
  onSaved,
  onCancel,
}: {
  /** The device to edit; absent: a new device. */
  editId?: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const m = t.value;
  const tm = m.tech;
  const list = drivers.value;
  const [loaded, setLoaded] = useState(editId === undefined);
  const [schema, setSchema] = useState<string | undefined>(undefined);
  const [driver, setDriver] = useState('');
  const [id, setId] = useState('');
  const [transport, setTransport] = useState('');
  const [disabled, setDisabled] = useState(false);
  const [optionsText, setOptionsText] = useState('{}');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void loadDrivers();
  }, []);

  // A new device starts on the first driver; an edited one from the file as stored.
  useEffect(() => {
    if (editId === undefined && !driver && list?.[0]) setDriver(list[0].id);
  }, [list, editId]);

  useEffect(() => {
    if (editId === undefined) return;
    let stale = false;
    void api('GET', `/api/devices/${encodeURIComponent(editId)}`).then((r) => {
      if (stale) return;
      const data = r.ok ? (r.data as { device: DeviceView; instance: StoredInstance | null }) : null;
      // An unreadable file has no instance: start from what the page knows of the device.
      const known = data?.device ?? devices.peek()?.find((d) => d.id === editId);
      const inst: StoredInstance | null = data?.instance ?? null;
      setId(editId);
      setDriver(inst?.driver ?? known?.driver ?? '');
      setTransport(inst?.transport ?? known?.transport ?? '');
      setDisabled(inst?.disabled ?? known?.disabled ?? false);
      setOptionsText(JSON.stringify(inst?.options ?? {}, null, 2));
      setSchema(inst?.$schema);
      if (!r.ok) setFailure(errorText(m, r.code, r.message));
      setLoaded(true);
    });
    return () => {
      stale = true;
    };
  }, [editId]);

  const def = list?.find((d) => d.id === driver);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (saving) return;
    let options: unknown;
    try {
      options = optionsText.trim() === '' ? {} : JSON.parse(optionsText);
    } catch (err) {
      setErrors({ options: [tm.badJson((err as Error).message)] });
      setFailure(tm.formInvalid);
      return;
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      setErrors({ options: [tm.notAnObject] });
      setFailure(tm.formInvalid);
      return;
    }
    const body: StoredInstance = {
      ...(schema ? { $schema: schema } : {}),
      id: id.trim(),
      driver,
      transport: transport.trim(),
      ...(disabled ? { disabled: true } : {}),
      ...(Object.keys(options).length > 0 ? { options: options as Record<string, unknown> } : {}),
    };
    setSaving(true);
    const r =
      editId === undefined
        ? await api('POST', '/api/devices', body)
        : await api('PUT', `/api/devices/${encodeURIComponent(editId)}`, body);
    setSaving(false);
    if (r.ok) {
      setErrors({});
      setFailure(null);
      onSaved(body.id);
      return;
    }
    const next = byField(r.details);
    setErrors(next);
    const unplaced = next.form ?? [];
    setFailure(
      r.details.length > 0 && unplaced.length === 0 ? tm.formInvalid : errorText(m, r.code, r.message),
    );
  };

  const fieldErrors = (f: FormField) => {
    const list = errors[f];
    if (!list?.length) return null;
    return (
      <ul class="field__errors" data-testid={`error-${f}`}>
        {list.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
    );
  };
  const cls = (f: FormField, base = 'field') => (errors[f]?.length ? `${base} field--invalid` : base);

  return (
    <section class="panel tech-form" aria-labelledby="h-device-form" data-testid="device-form">
      <div class="tech-section-head">
        <h2 class="panel__title tech-form__title" id="h-device-form">
          {editId === undefined ? tm.addTitle : tm.editTitle(editId)}
        </h2>
        <span class="tech-section-head__fill" />
        <button type="button" class="btn btn--ghost" onClick={onCancel}>
          {tm.close}
        </button>
      </div>
      {!loaded || !list ? (
        <p class="empty">{m.connecting}</p>
      ) : (
        <form class="tech-form__grid" onSubmit={submit} noValidate>
          {failure ? (
            <div class="tech-form__failure" role="alert" data-testid="form-error">
              <p>{failure}</p>
              {errors.form?.length ? (
                <ul>
                  {errors.form.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}

          <label class={cls('driver')}>
            <span class="field__label">{tm.driver}</span>
            <select
              class="field__control"
              data-testid="form-driver"
              value={driver}
              aria-invalid={!!errors.driver?.length}
              onChange={(e) => setDriver(e.currentTarget.value)}
            >
              {list.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title} ({d.id})
                </option>
              ))}
              {driver && !def ? <option value={driver}>{driver}</option> : null}
            </select>
            {def ? <span class="field__hint">{def.description}</span> : null}
            {fieldErrors('driver')}
          </label>

          <label class={cls('id')}>
            <span class="field__label">{tm.deviceId}</span>
            <input
              class="field__control field__control--mono"
              data-testid="form-id"
              type="text"
              maxLength={48}
              autocomplete="off"
              spellcheck={false}
              readOnly={editId !== undefined}
              value={id}
              aria-invalid={!!errors.id?.length}
              onInput={(e) => setId(e.currentTarget.value)}
            />
            <span class="field__hint">{tm.deviceIdHint}</span>
            {fieldErrors('id')}
          </label>

          <div class={cls('transport', 'field tech-form__wide')}>
            <label class="field__label" for="device-transport">
              {tm.transport}
            </label>
            <span class="field__row">
              <input
                id="device-transport"
                class="field__control field__control--mono"
                data-testid="form-transport"
                type="text"
                maxLength={300}
                autocomplete="off"
                spellcheck={false}
                placeholder={def?.exampleTransport ?? ''}
                value={transport}
                aria-invalid={!!errors.transport?.length}
                onInput={(e) => setTransport(e.currentTarget.value)}
              />
              {def ? (
                <button type="button" class="btn" onClick={() => setTransport(def.exampleTransport)}>
                  {tm.useExample}
                </button>
              ) : null}
            </span>
            {def ? (
              <span class="field__hint">
                {tm.example}: <code>{def.exampleTransport}</code> ·{' '}
                {tm.transportHint(def.transports.map((s) => `${s}://`).join(', '))}
              </span>
            ) : null}
            {fieldErrors('transport')}
          </div>

          <label class={cls('disabled', 'check tech-form__wide')}>
            <input
              type="checkbox"
              data-testid="form-disabled"
              checked={disabled}
              onChange={(e) => setDisabled(e.currentTarget.checked)}
            />
            <span>{tm.disabledField}</span>
            <span class="field__hint">{tm.disabledHint}</span>
            {fieldErrors('disabled')}
          </label>

          <div class={cls('options', 'field tech-form__wide')}>
            <label class="field__label" for="device-options">
              {tm.options}
            </label>
            <div class="tech-form__options">
              <textarea
                id="device-options"
                class="field__control field__control--mono tech-form__json"
                data-testid="form-options"
                rows={9}
                spellcheck={false}
                value={optionsText}
                aria-invalid={!!errors.options?.length}
                onInput={(e) => setOptionsText(e.currentTarget.value)}
              />
              <OptionsHelp driverId={driver} />
            </div>
            <span class="field__hint">{tm.optionsHint}</span>
            {fieldErrors('options')}
          </div>

          <div class="tech-form__actions tech-form__wide">
            <button type="submit" class="btn btn--primary" data-testid="form-submit" disabled={saving}>
              {editId === undefined ? tm.create : tm.save}
            </button>
            <button type="button" class="btn btn--ghost" onClick={onCancel}>
              {tm.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function OptionsHelp({ driverId }: { driverId: string }) {
  const tm = t.value.tech;
  const def = drivers.value?.find((d) => d.id === driverId);
  const help = optionHelp(def?.options);
  if (help.length === 0) return null;
  return (
    <div class="options-help" data-testid="options-help">
      <p class="options-help__title">{tm.optionsHelp}</p>
      <dl class="options-help__list">
        {help.map((o) => (
          <div class="options-help__item" key={o.name}>
            <dt>
              <code>{o.name}</code>
              <span class="options-help__type">
                {o.type}
                {o.range ? ` ${o.range}` : ''}
                {o.default ? ` · ${tm.defaultValue(o.default)}` : ''}
              </span>
            </dt>
            {o.description ? <dd>{o.description}</dd> : null}
          </div>
        ))}
      </dl>
    </div>
  );
}

/** A refusal's details by the field they name; `/options/...` lines keep their path inside options. */
function byField(details: ErrorDetail[]): Errors {
  const out: Errors = {};
  for (const d of details) {
    const f = fieldOfPath(d.path);
    const text =
      f === 'options' && optionPath(d.path)
        ? `${optionPath(d.path)}: ${d.message}`
        : f === 'form' && d.path !== '/'
          ? `${d.path}: ${d.message}`
          : d.message;
    const list = out[f] ?? [];
    list.push(text);
    out[f] = list;
  }
  return out;
}
