// What a driver reports (`details`, a command's result) as a readable table instead of a JSON dump:
// objects as key / value rows, lists of records as small tables, flags as yes / no.
import { t } from '../../i18n.ts';

const MAX_DEPTH = 6;

type Row = Record<string, unknown>;
const isRecord = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';

export function ValueTree({ value, testid }: { value: unknown; testid?: string }) {
  return (
    <div class="value-tree" data-testid={testid}>
      <Value value={value} depth={0} />
    </div>
  );
}

function Value({ value, depth }: { value: unknown; depth: number }) {
  if (isScalar(value)) return <Scalar value={value} />;
  if (depth >= MAX_DEPTH) return <code class="vt-json">{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) return <List items={value} depth={depth} />;
  const entries = Object.entries(value as Row);
  if (entries.length === 0) return <span class="vt-empty">—</span>;
  return (
    <table class="vt-object">
      <tbody>
        {entries.map(([k, v]) => (
          <tr class="vt-row" key={k}>
            <th scope="row" class="vt-key">
              {k}
            </th>
            <td class="vt-value">
              <Value value={v} depth={depth + 1} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function List({ items, depth }: { items: unknown[]; depth: number }) {
  if (items.length === 0) return <span class="vt-empty">—</span>;
  if (items.every(isScalar)) {
    return (
      <span class="vt-chips">
        {items.map((v, i) => (
          <span class="vt-chip" key={i}>
            <Scalar value={v} />
          </span>
        ))}
      </span>
    );
  }
  // A list of flat records (seats, presets): one table, a column per key.
  if (items.every((v) => isRecord(v) && Object.values(v).every(isScalar))) {
    const cols = [...new Set(items.flatMap((v) => Object.keys(v as Row)))];
    return (
      <div class="vt-table-wrap">
        <table class="vt-table">
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((v, i) => (
              <tr key={i}>
                {cols.map((c) => (
                  <td key={c}>
                    <Scalar value={(v as Row)[c]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <ol class="vt-list">
      {items.map((v, i) => (
        <li key={i}>
          <Value value={v} depth={depth + 1} />
        </li>
      ))}
    </ol>
  );
}

function Scalar({ value }: { value: unknown }) {
  const m = t.value.tech;
  if (value === null || value === undefined) return <span class="vt-empty">—</span>;
  if (typeof value === 'boolean') {
    return <span class={value ? 'vt-bool vt-bool--yes' : 'vt-bool vt-bool--no'}>{value ? m.yes : m.no}</span>;
  }
  if (typeof value === 'number') return <span class="vt-number">{value}</span>;
  return <span class="vt-string">{String(value)}</span>;
}
