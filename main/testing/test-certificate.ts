// Throw-away self-signed certificates for TLS tests, made with the openssl binary in a temp folder.
// Test-only: the key is written to disk unencrypted and deleted right after reading.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  /** "AB:CD:..." as Node reports it. */
  fingerprint256: string;
  subject: string;
}

/** A P-256 certificate for CN=<commonName> with the given DNS and IP alternative names. */
export function makeTestCertificate(
  commonName = 'localhost',
  altNames = ['DNS:localhost', 'IP:127.0.0.1'],
): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'popline-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        `subjectAltName=${altNames.join(',')}`,
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(cert);
    return {
      key: readFileSync(keyFile, 'utf8'),
      cert,
      fingerprint256: x509.fingerprint256,
      subject: x509.subject,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
