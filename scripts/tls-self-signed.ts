// `./room tls-self-signed --out DIR [--host NAME]... [--force]`
// A self-signed certificate for HTTPS (R-ACC-6) when the room has none from its organisation: an ECDSA
// P-256 key and a certificate valid 825 days (the longest Apple devices accept) naming each --host
// (DNS names and IP addresses; default: this machine's hostname, localhost, 127.0.0.1). Made by the
// distribution's `openssl` (docs/decisions.md "TLS"). Writes DIR/cert.pem (0644) and DIR/key.pem
// (0600), never over existing files without --force, and prints the SHA-256 fingerprint for the
// technician to compare on each tablet (docs/operations.md "HTTPS").
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const DAYS = 825;

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    host: { type: 'string', multiple: true },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.out) {
  console.error('usage: ./room tls-self-signed --out DIR [--host NAME_OR_IP]... [--force]');
  process.exit(values.help ? 0 : 64);
}

// A DNS name of letters, digits and hyphens (a leading `*.` allowed), or an IPv4/IPv6 address. Nothing
// else reaches openssl's -subj / -addext, where `/`, `,` or `=` would change their meaning.
const DNS_NAME =
  /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const valid = (h: string) => isIP(h) !== 0 || (h.length <= 253 && DNS_NAME.test(h));

let hosts: string[];
if (values.host?.length) {
  const bad = values.host.filter((h) => !valid(h));
  if (bad.length) {
    console.error(`not a DNS name or IP address: ${bad.join(', ')}`);
    process.exit(64);
  }
  hosts = [...new Set(values.host)];
} else {
  const own = hostname();
  if (!valid(own)) console.error(`tls-self-signed: leaving out the hostname "${own}" (not a DNS name)`);
  hosts = [...new Set([...(valid(own) ? [own] : []), 'localhost', '127.0.0.1'])];
}

const out = resolve(values.out);
const certFile = join(out, 'cert.pem');
const keyFile = join(out, 'key.pem');
const existing = [certFile, keyFile].filter((f) => existsSync(f));
if (existing.length && !values.force) {
  console.error(`tls-self-signed: ${existing.join(' and ')} already exist; --force replaces them`);
  process.exit(73); // EX_CANTCREAT
}

mkdirSync(out, { recursive: true, mode: 0o755 });
// Made in a private folder beside the result, then renamed: never a half-written or readable key.
const work = mkdtempSync(join(out, '.tls-self-signed-'));
let failure: string | null = null;
try {
  const config = join(work, 'openssl.cnf');
  // Our own config, so the distribution's defaults for `req -x509` do not decide the extensions.
  writeFileSync(config, '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\n', { mode: 0o600 });
  const san = hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  const constraints = hosts
    .map((h) =>
      isIP(h) === 4
        ? `permitted;IP:${h}/255.255.255.255`
        : isIP(h) === 6
          ? `permitted;IP:${h}/${Array(8).fill('ffff').join(':')}`
          : `permitted;DNS:${h.replace(/^\*\./, '')}`,
    )
    .join(',');
  const cn = hosts.find((h) => !isIP(h)) ?? hosts[0]!;
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-config',
      config,
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-sha256',
      '-days',
      String(DAYS),
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=${san}`,
      // A tablet can only be told to trust a CA certificate (Android, iOS). So that whoever holds the
      // key cannot vouch for other sites to such a tablet, it may name only these hosts (name
      // constraints) and no further CA (pathlen:0).
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      '-addext',
      `nameConstraints=critical,${constraints}`,
      '-addext',
      'keyUsage=critical,digitalSignature,keyCertSign',
      '-addext',
      'extendedKeyUsage=serverAuth',
      '-keyout',
      join(work, 'key.pem'),
      '-out',
      join(work, 'cert.pem'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  chmodSync(join(work, 'key.pem'), 0o600);
  chmodSync(join(work, 'cert.pem'), 0o644);
  renameSync(join(work, 'key.pem'), keyFile);
  renameSync(join(work, 'cert.pem'), certFile);
} catch (err) {
  const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
  failure =
    e.code === 'ENOENT' && e.syscall?.startsWith('spawn')
      ? 'openssl is not installed (apt-get install openssl)'
      : `openssl failed: ${e.stderr?.toString().trim() || e.message}`;
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failure) {
  console.error(`tls-self-signed: ${failure}`);
  process.exit(70); // EX_SOFTWARE
}

const x509 = new X509Certificate(readFileSync(certFile));
console.log(
  [
    `certificate: ${certFile}`,
    `key:         ${keyFile} (mode 0600)`,
    `names:       ${x509.subjectAltName}`,
    `valid until: ${x509.validToDate.toISOString()}`,
    `SHA-256 fingerprint: ${x509.fingerprint256}`,
  ].join('\n'),
);
