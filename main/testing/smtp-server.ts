// A private SMTP submission server on loopback for tests and e2e runs: Debian's aiosmtpd
// (python3-aiosmtpd) driven by smtp-server.py beside this file. Its own folder (config,
// certificate, spool); no system service, unprivileged ports. STARTTLS on `port` (AUTH only
// after it), implicit TLS on `tlsPort`, neither on `plainPort`.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './dovecot';
import { makeTestCertificate } from './test-certificate';

export interface SmtpUser {
  user: string;
  password: string;
}

export interface ReceivedMail {
  file: string;
  mailFrom: string;
  rcptTos: string[];
  login: string | null;
  tls: boolean;
  /** The message exactly as the server stored it (after dot-unstuffing). */
  raw: Buffer;
}

export interface TestSmtpServer {
  host: '127.0.0.1';
  port: number;
  tlsPort: number;
  plainPort: number;
  /** PEM of the self-signed certificate (CN=localhost, SAN 127.0.0.1). */
  certPem: string;
  /** "AB:CD:…" as Node reports it. */
  fingerprint256: string;
  users: SmtpUser[];
  /** Every message accepted so far, oldest first. */
  received(): ReceivedMail[];
  /** Forgets what was received. */
  clear(): void;
  stop(): Promise<void>;
}

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'smtp-server.py');

export function smtpServerMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found: install python3`;
  if (!existsSync('/usr/lib/python3/dist-packages/aiosmtpd')) {
    return 'aiosmtpd is missing: install python3-aiosmtpd';
  }
  return null;
}

export interface SmtpServerOptions {
  users?: SmtpUser[];
  /** Recipients answered 550 at RCPT TO. */
  refuse?: string[];
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const missing = smtpServerMissing();
  if (missing) throw new Error(missing);
  const users = options.users ?? [{ user: 'alice', password: 'correct horse battery' }];
  const dir = mkdtempSync(join(tmpdir(), 'psmtp-'));
  const spool = join(dir, 'spool');
  mkdirSync(spool);
  const certificate = makeTestCertificate();
  writeFileSync(join(dir, 'cert.pem'), certificate.cert);
  writeFileSync(join(dir, 'key.pem'), certificate.key, { mode: 0o600 });
  const [port, tlsPort, plainPort] = [await freePort(), await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      users,
      refuse: options.refuse ?? [],
      spool,
      cert: join(dir, 'cert.pem'),
      key: join(dir, 'key.pem'),
      port,
      tlsPort,
      plainPort,
    }),
  );
  const child: ChildProcess = spawn(PYTHON, [SCRIPT, join(dir, 'config.json')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aiosmtpd did not start:\n${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aiosmtpd exited with ${code}:\n${stderr}`));
    });
  });

  const received = (): ReceivedMail[] =>
    readdirSync(spool)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const meta = JSON.parse(readFileSync(join(spool, f), 'utf8')) as {
          mail_from: string;
          rcpt_tos: string[];
          login: string | null;
          tls: boolean;
        };
        const base = f.slice(0, -'.json'.length);
        return {
          file: base,
          mailFrom: meta.mail_from,
          rcptTos: meta.rcpt_tos,
          login: meta.login,
          tls: meta.tls,
          raw: readFileSync(join(spool, `${base}.eml`)),
        };
      });

  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    plainPort,
    certPem: certificate.cert,
    fingerprint256: certificate.fingerprint256,
    users,
    received,
    clear() {
      for (const f of readdirSync(spool)) rmSync(join(spool, f));
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin?.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
