// HTTPS (R-ACC-6, encrypted transport): the certificate and key named by `http.tls`, checked once at
// start so that a wrong file is a `path: message` line and exit 78, not a TLS error on every tablet.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFailure, SettingsError } from '../settings.ts';

/** A certificate closer than this to its end still starts, with a warning. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface LoadedTls {
  /** The certificate file as is (it may carry the chain after the server's certificate). */
  cert: Buffer;
  key: Buffer;
  expiresAt: Date;
  /** The server certificate's subject, e.g. `CN=room-p301`. */
  subject: string;
  /** SHA-256 of the server certificate (`AB:CD:…`), what a technician compares on a tablet. */
  fingerprint: string;
  /** Set when the certificate ends within 30 days, or is not valid yet (a wrong clock). */
  warning?: string;
}

/** Reads and checks the PEM files; every problem is one `/http/tls/...: message` line. */
export function loadTls(files: TlsFiles, now: Date = new Date()): LoadedTls {
  const problems: string[] = [];
  const certPath = '/http/tls/certFile';
  const keyPath = '/http/tls/keyFile';

  const cert = read(files.certFile, certPath, problems);
  const key = read(files.keyFile, keyPath, problems);

  let x509: X509Certificate | null = null;
  if (cert) {
    try {
      x509 = new X509Certificate(cert);
    } catch {
      problems.push(`${certPath}: ${files.certFile} is not a certificate (a PEM "BEGIN CERTIFICATE" file)`);
    }
  }
  let privateKey: KeyObject | null = null;
  if (key) {
    try {
      privateKey = createPrivateKey(key);
    } catch (err) {
      // Node reports a key it cannot decrypt differently across versions; the PEM says it plainly.
      const encrypted =
        (err as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE' ||
        /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(key.toString('latin1'));
      problems.push(
        encrypted
          ? `${keyPath}: ${files.keyFile} is encrypted; the appliance needs the key without a passphrase`
          : `${keyPath}: ${files.keyFile} is not a private key (a PEM "BEGIN PRIVATE KEY" file)`,
      );
    }
  }
  if (x509 && privateKey && !x509.checkPrivateKey(privateKey)) {
    problems.push(`${keyPath}: ${files.keyFile} does not match the certificate in ${files.certFile}`);
  }
  let warning: string | undefined;
  if (x509) {
    const expiresAt = x509.validToDate;
    const from = x509.validFromDate;
    if (expiresAt.getTime() <= now.getTime()) {
      problems.push(`${certPath}: ${files.certFile} expired on ${expiresAt.toISOString()}; renew it`);
    } else if (expiresAt.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * DAY_MS) {
      const days = Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
      warning = `${certPath}: ${files.certFile} expires on ${expiresAt.toISOString()} (in ${days} day(s)); renew it`;
    } else if (from.getTime() > now.getTime()) {
      warning = `${certPath}: ${files.certFile} is valid only from ${from.toISOString()}: is this machine's clock right?`;
    }
  }
  if (problems.length || !cert || !key || !x509) throw new SettingsError(problems);
  return {
    cert,
    key,
    expiresAt: x509.validToDate,
    subject: x509.subject,
    fingerprint: x509.fingerprint256,
    ...(warning ? { warning } : {}),
  };
}

function read(file: string, path: string, problems: string[]): Buffer | null {
  try {
    return readFileSync(file);
  } catch (err) {
    problems.push(`${path}: cannot read ${file}: ${readFailure(err)}`);
    return null;
  }
}
