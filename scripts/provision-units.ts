// `./room provision-units --plan SEAT_PLAN.json --out unit-secrets.json [--units a,b]`
// Gives every seat unit of a seat plan (or the named units) its own random secret. The appliance
// keeps only SHA-256 digests (--out, mode 0600, merged with what is there); the secrets are printed
// once, as `unit<TAB>secret` lines, for the technician to flash (firmware-config/README.md).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { digestSecret, newUnitSecret, SeatPlan } from '@room/bridge';
import { Compile } from 'typebox/compile';

const { values } = parseArgs({
  options: {
    plan: { type: 'string' },
    out: { type: 'string' },
    units: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.out || (!values.plan && !values.units)) {
  console.error(
    'usage: ./room provision-units --out unit-secrets.json (--plan seat-plan.json | --units id,id,...)',
  );
  process.exit(values.help ? 0 : 64);
}

let units: string[] = values.units ? values.units.split(',').filter(Boolean) : [];
if (values.plan) {
  const plan: unknown = JSON.parse(readFileSync(values.plan, 'utf8'));
  const check = Compile(SeatPlan);
  if (!check.Check(plan)) {
    for (const e of check.Errors(plan)) console.error(`${values.plan}${e.instancePath}: ${e.message}`);
    process.exit(65);
  }
  units = [...units, ...plan.seats.flatMap((s) => (s.unit ? [s.unit] : []))];
}
const bad = units.filter((u) => !/^[A-Za-z0-9_-]{1,64}$/.test(u));
if (bad.length) {
  console.error(`not a unit id: ${bad.join(', ')}`);
  process.exit(65);
}

const digests: Record<string, string> = existsSync(values.out)
  ? JSON.parse(readFileSync(values.out, 'utf8'))
  : {};
const lines: string[] = [];
for (const unit of new Set(units)) {
  const secret = newUnitSecret();
  digests[unit] = digestSecret(secret).toString('hex');
  lines.push(`${unit}\t${secret}`);
}
writeFileSync(values.out, `${JSON.stringify(digests, null, 2)}\n`, { mode: 0o600 });
console.log(lines.join('\n'));
console.error(
  `${lines.length} unit secret(s) written to ${values.out} (digests only); the secrets above are shown once.`,
);
