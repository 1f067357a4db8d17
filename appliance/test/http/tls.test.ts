// HTTPS (R-ACC-6, encrypted transport): the self-signed certificate script, loadTls's checks, and the
// appliance served over real TLS on 127.0.0.1, trusting only the room's own certificate.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/lib/async.ts';
import { loadTls } from '../../src/http/tls.ts';
import { SettingsError } from '../../src/settings.ts';
import { ROOT } from '../helpers/appliance-process.ts';
import { inProcessRoom } from '../helpers/in-process-room.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const SCRIPT = join(ROOT, 'scripts/tls-self-signed.ts');

function selfSigned(out: string, ...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, '--out', out, ...args], { encoding: 'utf8' });
}

/** A certificate with chosen dates (`openssl ca`: OpenSSL 3.0's `req` has no -not_before/-not_after). */
function dated(dir: string, name: string, start: Date, end: Date) {
  const d = join(dir, name);
  mkdirSync(d);
  const cfg = join(d, 'ca.cnf');
  writeFileSync(join(d, 'index.txt'), '');
  writeFileSync(join(d, 'serial'), '01\n');
  writeFileSync(
    cfg,
    [
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '[ca]',
      'default_ca = own',
      '[own]',
      `database = ${join(d, 'index.txt')}`,
      `serial = ${join(d, 'serial')}`,
      `new_certs_dir = ${d}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const key = join(d, 'key.pem');
  const cert = join(d, 'cert.pem');
  const q = { stdio: 'pipe' } as const;
  execFileSync(
    'openssl',
    ['req', '-new', '-config', cfg, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'].concat([
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      key,
      '-out',
      join(d, 'req.csr'),
    ]),
    q,
  );
  const asn1 = (t: Date) => `${t.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  execFileSync(
    'openssl',
    ['ca', '-batch', '-config', cfg, '-selfsign', '-keyfile', key, '-in', join(d, 'req.csr')].concat([
      '-out',
      cert,
      '-notext',
      '-startdate',
      asn1(start),
      '-enddate',
      asn1(end),
    ]),
    q,
  );
  return { certFile: cert, keyFile: key };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET over HTTPS, trusting only `ca` (not the system's roots). */
function httpsGet(port: number, path: string, ca: Buffer | undefined, servername?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, method: 'GET', ...(ca ? { ca } : {}), servername, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('tls-self-signed script', () => {
  const dir = tempDir('room-tls-');
  afterAll(() => dir.cleanup());

  it('writes an ECDSA P-256 key (0600) and a certificate (0644) for 825 days naming each host', () => {
    const out = join(dir.path, 'a');
    const r = selfSigned(out, '--host', 'room-p301.local', '--host', '10.20.30.40', '--host', '127.0.0.1');
    expect(r.status, r.stderr).toBe(0);
    const cert = new X509Certificate(readFileSync(join(out, 'cert.pem')));
    expect(cert.subject).toBe('CN=room-p301.local');
    expect(cert.subjectAltName).toBe('DNS:room-p301.local, IP Address:10.20.30.40, IP Address:127.0.0.1');
    expect(cert.ca).toBe(true);
    const days = (cert.validToDate.getTime() - cert.validFromDate.getTime()) / 86_400_000;
    expect(days).toBe(825);
    const key = createPrivateKey(readFileSync(join(out, 'key.pem')));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(statSync(join(out, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, 'cert.pem')).mode & 0o777).toBe(0o644);
    // What the technician compares on a tablet.
    expect(r.stdout).toContain(`SHA-256 fingerprint: ${cert.fingerprint256}`);
  });

  it('by default names this machine, localhost and 127.0.0.1', () => {
    const out = join(dir.path, 'default');
    expect(selfSigned(out).status).toBe(0);
    const cert = new X509Certificate(readFileSync(join(out, 'cert.pem')));
    expect(cert.subjectAltName).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1$/);
  });

  it('refuses to overwrite without --force, and replaces both files with it', () => {
    const out = join(dir.path, 'again');
    expect(selfSigned(out, '--host', 'localhost').status).toBe(0);
    const before = readFileSync(join(out, 'cert.pem'), 'utf8');
    const again = selfSigned(out, '--host', 'localhost');
    expect(again.status).toBe(73);
    expect(again.stderr).toMatch(/already exist.*--force/);
    expect(readFileSync(join(out, 'cert.pem'), 'utf8')).toBe(before);
    const forced = selfSigned(out, '--host', 'localhost', '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(join(out, 'cert.pem'), 'utf8')).not.toBe(before);
    expect(statSync(join(out, 'key.pem')).mode & 0o777).toBe(0o600);
    expect(loadTls({ certFile: join(out, 'cert.pem'), keyFile: join(out, 'key.pem') }).warning).toBe(
      undefined,
    );
  });

  it('refuses a host that is neither a DNS name nor an IP address', () => {
    const r = selfSigned(join(dir.path, 'bad'), '--host', 'a,DNS:evil.example');
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/not a DNS name or IP address: a,DNS:evil\.example/);
  });
});

describe('loadTls', () => {
  const dir = tempDir('room-tls-load-');
  let good: { certFile: string; keyFile: string };
  let other: { certFile: string; keyFile: string };
  beforeAll(() => {
    for (const n of ['good', 'other']) {
      expect(selfSigned(join(dir.path, n), '--host', 'localhost').status).toBe(0);
    }
    good = { certFile: join(dir.path, 'good/cert.pem'), keyFile: join(dir.path, 'good/key.pem') };
    other = { certFile: join(dir.path, 'other/cert.pem'), keyFile: join(dir.path, 'other/key.pem') };
  });
  afterAll(() => dir.cleanup());

  it('returns the files, the subject and the end date', () => {
    const t = loadTls(good);
    expect(t.cert.equals(readFileSync(good.certFile))).toBe(true);
    expect(t.key.equals(readFileSync(good.keyFile))).toBe(true);
    expect(t.subject).toBe('CN=localhost');
    expect(t.expiresAt.getTime()).toBeGreaterThan(Date.now() + 800 * 86_400_000);
    expect(t.warning).toBeUndefined();
  });

  it('a missing file names the setting and the file', () => {
    const missing = join(dir.path, 'nope/key.pem');
    expect(problemsOf(() => loadTls({ ...good, keyFile: missing }))).toEqual([
      `/http/tls/keyFile: cannot read ${missing}: no such file`,
    ]);
    expect(problemsOf(() => loadTls({ certFile: dir.path, keyFile: missing }))).toEqual([
      `/http/tls/certFile: cannot read ${dir.path}: is a directory, not a file`,
      `/http/tls/keyFile: cannot read ${missing}: no such file`,
    ]);
  });

  it('a file that is not a certificate, or not a key', () => {
    const garbage = join(dir.path, 'garbage.pem');
    writeFileSync(
      garbage,
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n',
    );
    expect(problemsOf(() => loadTls({ ...good, certFile: garbage }))).toEqual([
      `/http/tls/certFile: ${garbage} is not a certificate (a PEM "BEGIN CERTIFICATE" file)`,
    ]);
    // The certificate given where the key belongs.
    expect(problemsOf(() => loadTls({ ...good, keyFile: good.certFile }))).toEqual([
      `/http/tls/keyFile: ${good.certFile} is not a private key (a PEM "BEGIN PRIVATE KEY" file)`,
    ]);
  });

  it('a passphrase-protected key is refused with the reason', () => {
    const enc = join(dir.path, 'encrypted.pem');
    execFileSync('openssl', ['pkey', '-in', good.keyFile, '-aes256', '-passout', 'pass:secret', '-out', enc]);
    expect(problemsOf(() => loadTls({ ...good, keyFile: enc }))).toEqual([
      `/http/tls/keyFile: ${enc} is encrypted; the appliance needs the key without a passphrase`,
    ]);
  });

  it('a key of another certificate', () => {
    expect(problemsOf(() => loadTls({ ...good, keyFile: other.keyFile }))).toEqual([
      `/http/tls/keyFile: ${other.keyFile} does not match the certificate in ${good.certFile}`,
    ]);
  });

  it('an expired certificate is an error; one ending within 30 days a warning', () => {
    const day = 86_400_000;
    const expired = dated(
      dir.path,
      'expired',
      new Date('2020-01-01T00:00:00Z'),
      new Date('2020-01-02T00:00:00Z'),
    );
    expect(problemsOf(() => loadTls(expired))).toEqual([
      `/http/tls/certFile: ${expired.certFile} expired on 2020-01-02T00:00:00.000Z; renew it`,
    ]);
    const soon = dated(dir.path, 'soon', new Date(Date.now() - day), new Date(Date.now() + 10 * day));
    const t = loadTls(soon);
    expect(t.subject).toBe('CN=soon');
    expect(t.warning).toMatch(
      /^\/http\/tls\/certFile: .*soon\/cert\.pem expires on .* \(in 10 day\(s\)\); renew it$/,
    );
    // The same certificate, judged 20 days on.
    expect(problemsOf(() => loadTls(soon, new Date(Date.now() + 20 * day)))[0]).toMatch(/expired on/);
  });
});

describe('buildApp over HTTPS', () => {
  const dir = tempDir('room-tls-app-');
  let room: Awaited<ReturnType<typeof inProcessRoom>> | undefined;
  let port: number;
  let ca: Buffer;

  beforeAll(async () => {
    expect(selfSigned(dir.path, '--host', 'localhost', '--host', '127.0.0.1').status).toBe(0);
    const tls = loadTls({ certFile: join(dir.path, 'cert.pem'), keyFile: join(dir.path, 'key.pem') });
    ca = tls.cert;
    // The helper hands its options on to buildApp, so the room is built as every HTTP test's is.
    const opts = { wsHeartbeatMs: 30_000, https: { cert: tls.cert, key: tls.key } };
    room = await inProcessRoom(4, opts);
    await room.app.listen({ host: '127.0.0.1', port: 0 });
    port = (room.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await room?.close();
    dir.cleanup();
  });

  it('answers /health over TLS to a client trusting only the room certificate, with HSTS', async () => {
    const r = await httpsGet(port, '/health', ca);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok', room: 'test' });
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // The DNS name in the certificate is checked too.
    expect((await httpsGet(port, '/health', ca, 'localhost')).status).toBe(200);
  });

  it('is refused by a client that does not trust it, or expects another name', async () => {
    await expect(httpsGet(port, '/health', undefined)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    await expect(httpsGet(port, '/health', ca, 'evil.example')).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('plain HTTP gets no answer', async () => {
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

describe('production start with tls', () => {
  const dir = tempDir('room-tls-prod-');
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    dir.cleanup();
  });

  it('serves https:// and writes https:// pairing links', async () => {
    const tlsDir = join(dir.path, 'tls');
    expect(selfSigned(tlsDir, '--host', '127.0.0.1').status).toBe(0);
    const secrets = join(dir.path, 'unit-secrets.json');
    writeFileSync(secrets, '{}');
    const data = join(dir.path, 'data');
    mkdirSync(join(data, 'devices'), { recursive: true });
    const [http, mqtt] = [await freePort(), await freePort()];
    const settings = join(dir.path, 'settings.json');
    writeFileSync(
      settings,
      JSON.stringify({
        http: {
          host: '127.0.0.1',
          port: http,
          tls: { certFile: join(tlsDir, 'cert.pem'), keyFile: join(tlsDir, 'key.pem') },
        },
        mqtt: { embedded: true, host: '127.0.0.1', port: mqtt },
        unitSecretsFile: secrets,
        dataDir: data,
        devicesDir: join(data, 'devices'),
        logLevel: 'warn',
      }),
    );
    child = spawn(process.execPath, [join(ROOT, 'appliance/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ROOM_SETTINGS: settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const ca = readFileSync(join(tlsDir, 'cert.pem'));
    const until = Date.now() + 20_000;
    let health: Answer | null = null;
    while (!health) {
      if (child.exitCode !== null) throw new Error(`appliance exited with ${child.exitCode}:\n${out}`);
      if (Date.now() > until) throw new Error(`appliance did not become healthy:\n${out}`);
      health = await httpsGet(http, '/health', ca).catch(() => null);
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    const links = readFileSync(join(data, 'links.txt'), 'utf8').trim().split('\n');
    expect(links.length).toBeGreaterThan(1);
    for (const l of links) expect(l.startsWith(`https://127.0.0.1:${http}/`)).toBe(true);
  }, 30_000);
});
