// A private Dovecot POP3 server on loopback for integration tests, benchmarks and e2e runs.
// It owns its folder (config, certificate, Maildirs, logs) and never touches a system daemon.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  openSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../store/process-alive';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users?: DovecotUser[];
  /** Mechanisms Dovecot offers (space separated, Dovecot spelling). */
  authMechanisms?: string;
  /** Extra lines appended to dovecot.conf. */
  extraConfig?: string;
}

export interface Dovecot {
  dir: string;
  host: '127.0.0.1';
  /** Plain port (STLS offered). */
  port: number;
  /** Implicit-TLS port. */
  tlsPort: number;
  /** PEM of the self-signed certificate (CN=localhost, SAN 127.0.0.1 and localhost). */
  certPem: string;
  /** Colon-separated upper-case SHA-256 fingerprint, as Node reports it. */
  fingerprint256: string;
  users: DovecotUser[];
  /** Put messages into a user's Maildir/new. Returns the file names used. */
  deliver(user: string, messages: Array<Buffer | string>): string[];
  /** Names of the files currently in the Maildir (new and cur). */
  mailboxFiles(user: string): string[];
  /**
   * Empty the Maildir and Dovecot's index so the next login starts clean. Ends the user's
   * sessions first: one still open would write its index into the new mailbox when it ends.
   */
  resetMailbox(user: string): void;
  /** Process ids of the user's POP3 sessions Dovecot still holds (`doveadm who`). */
  sessions(user: string): number[];
  log(): string;
  stop(): Promise<void>;
}

const SYSTEM_USER = 'popline-test';
let deliverySeq = 0;

export function dovecotMissing(): string | null {
  for (const bin of ['/usr/sbin/dovecot', '/usr/bin/doveadm', '/usr/bin/openssl']) {
    if (!existsSync(bin)) return `${bin} not found: install dovecot-core dovecot-pop3d openssl`;
  }
  if (!existsSync('/usr/lib/dovecot/pop3')) return 'Dovecot POP3 is missing: install dovecot-pop3d';
  return null;
}

/** A free TCP port on loopback (for the private servers the tests start). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Dovecot will not run mail processes as root: when we are root, mail belongs to a system user. */
function mailOwner(): { uid: number; gid: number; name: string } {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    const name = execFileSync('id', ['-un']).toString().trim();
    return { uid, gid: process.getgid?.() ?? uid, name };
  }
  if (spawnSync('id', ['-u', SYSTEM_USER]).status !== 0) {
    const made = spawnSync('useradd', [
      '--system',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      SYSTEM_USER,
    ]);
    if (made.status !== 0 && spawnSync('id', ['-u', SYSTEM_USER]).status !== 0) {
      throw new Error(`cannot create system user ${SYSTEM_USER}: ${made.stderr.toString()}`);
    }
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, SYSTEM_USER]).toString().trim());
  return { uid: id('-u'), gid: id('-g'), name: SYSTEM_USER };
}

function makeCertificate(dir: string): { certPem: string; fingerprint256: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  chmodSync(key, 0o600);
  const certPem = readFileSync(cert, 'utf8');
  return { certPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}

async function waitForPort(port: number, deadlineMs: number, logFile: string): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no log)';
      throw new Error(`Dovecot did not listen on ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  const missing = dovecotMissing();
  if (missing) throw new Error(missing);
  const users = options.users ?? [{ user: 'alice', password: 'correct horse battery' }];
  const owner = mailOwner();
  // Unix socket paths must stay under ~108 bytes, so the folder lives directly in /tmp.
  const dir = mkdtempSync(join(tmpdir(), 'pdv-'));
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  const { certPem, fingerprint256 } = makeCertificate(dir);
  const [port, tlsPort] = [await freePort(), await freePort()];

  writeFileSync(
    join(dir, 'passwd'),
    users
      .map(
        (u) =>
          `${u.user}:{PLAIN}${u.password}:${owner.uid}:${owner.gid}::${join(dir, 'mail', u.user)}::`,
      )
      .join('\n') + '\n',
  );
  const isRoot = (process.getuid?.() ?? 0) === 0;
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = popline-${port}
protocols = pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = ${options.authMechanisms ?? 'plain login cram-md5 scram-sha-256 apop'}
mail_location = maildir:~/Maildir
pop3_uidl_format = %08Xu%08Xv
first_valid_uid = 1
${isRoot ? '' : `default_internal_user = ${owner.name}\ndefault_login_user = ${owner.name}\ndefault_internal_group = ${owner.name}`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service pop3-login {
  inet_listener pop3 {
    port = ${port}
  }
  inet_listener pop3s {
    port = ${tlsPort}
    ssl = yes
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
${options.extraConfig ?? ''}
`;
  const confPath = join(dir, 'dovecot.conf');
  writeFileSync(confPath, conf);
  for (const u of users) ensureMaildir(dir, u.user, owner);

  // The daemon keeps inherited pipes open, so its output goes to a file, not to us.
  const out = join(dir, 'dovecot.start.log');
  writeFileSync(out, '');
  const fd = openSync(out, 'a');
  const started = spawnSync('/usr/sbin/dovecot', ['-c', confPath], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (started.status !== 0) {
    throw new Error(`dovecot failed to start: ${readFileSync(out, 'utf8')}`);
  }
  await waitForPort(port, 10_000, join(dir, 'dovecot.log'));
  await waitForPort(tlsPort, 10_000, join(dir, 'dovecot.log'));

  const maildir = (user: string) => join(dir, 'mail', user, 'Maildir');
  return {
    dir,
    host: '127.0.0.1',
    port,
    tlsPort,
    certPem,
    fingerprint256,
    users,
    deliver(user, messages) {
      const names: string[] = [];
      for (const m of messages) {
        const name = `${Date.now()}.M${++deliverySeq}P${process.pid}.popline`;
        const target = join(maildir(user), 'new', name);
        writeFileSync(target, m);
        chownSync(target, owner.uid, owner.gid);
        names.push(name);
      }
      return names;
    },
    mailboxFiles(user) {
      return ['new', 'cur'].flatMap((sub) => readdirSync(join(maildir(user), sub)));
    },
    sessions: (user) => sessionPids(confPath, user),
    resetMailbox(user) {
      if (anyPop3Process(join(dir, 'run', 'master.pid'))) endSessions(confPath, user);
      // Dovecot may still be writing its index after the last logout: retry instead of failing.
      rmSync(join(dir, 'mail', user), {
        recursive: true,
        force: true,
        maxRetries: 40,
        retryDelay: 100,
      });
      ensureMaildir(dir, user, owner);
    },
    log() {
      const f = join(dir, 'dovecot.log');
      return existsSync(f) ? readFileSync(f, 'utf8') : '';
    },
    async stop() {
      spawnSync('/usr/bin/doveadm', ['-c', confPath, 'stop'], { stdio: 'ignore' });
      const pidFile = join(dir, 'run', 'master.pid');
      for (let i = 0; i < 100 && existsSync(pidFile); i++)
        await new Promise((r) => setTimeout(r, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether this Dovecot has a POP3 session process at all (one per session, a child of its
 * master): read from /proc, so a reset with none costs no doveadm call (most resets).
 */
function anyPop3Process(masterPidFile: string): boolean {
  const master = existsSync(masterPidFile) ? Number(readFileSync(masterPidFile, 'utf8')) : NaN;
  if (!Number.isInteger(master)) return true; // unknown: ask doveadm
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    if (comm === 'pop3' && ppid === master) return true;
  }
  return false;
}

/** Process ids of the user's sessions, as Dovecot's anvil lists them. */
function sessionPids(confPath: string, user: string): number[] {
  const out = execFileSync('/usr/bin/doveadm', ['-c', confPath, 'who', '-1', user]).toString();
  // Lines after the header: "user proto pid ip".
  return out
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[0] === user && f[2] !== undefined)
    .map((f) => Number(f[2]));
}

/**
 * Ends the user's sessions and waits until they are gone. A killed client's session can stay
 * stuck until Dovecot's 10-minute idle timeout, holding the old mailbox's index; when it ends it
 * writes into whatever mailbox then has that path, and a live session there answers QUIT with
 * "-ERR Mailbox is in inconsistent state".
 */
function endSessions(confPath: string, user: string): void {
  const pids = sessionPids(confPath, user);
  if (pids.length === 0) return;
  spawnSync('/usr/bin/doveadm', ['-c', confPath, 'kick', user], { stdio: 'ignore' });
  // Its process gone, a session has written all it will (one pop3 process per session).
  const ended = () => pids.every((pid) => !isProcessAlive(pid));
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; !ended(); i++) {
    if (i >= 200) throw new Error(`Dovecot sessions of ${user} did not end after doveadm kick`);
    Atomics.wait(pause, 0, 0, 50);
  }
}

function ensureMaildir(dir: string, user: string, owner: { uid: number; gid: number }): void {
  const home = join(dir, 'mail', user);
  for (const p of [
    home,
    join(home, 'Maildir'),
    ...['new', 'cur', 'tmp'].map((s) => join(home, 'Maildir', s)),
  ]) {
    mkdirSync(p, { recursive: true });
    chownSync(p, owner.uid, owner.gid);
    chmodSync(p, 0o700);
  }
}

/** A synthetic message of roughly `size` octets, unique per index. */
export function syntheticMessage(i: number, size = 8 * 1024, to = 'alice@example.test'): Buffer {
  const words = [
    'harbour',
    'ledger',
    'quartz',
    'meadow',
    'signal',
    'copper',
    'lantern',
    'orbit',
    'pebble',
    'thistle',
  ];
  const head =
    `From: Sender ${i % 97} <sender${i % 97}@example.test>\r\n` +
    `To: ${to}\r\n` +
    `Subject: Message ${i} about ${words[i % words.length]}\r\n` +
    `Date: ${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString().replace('GMT', '+0000')}\r\n` +
    `Message-ID: <msg-${i}-${createHash('sha1').update(String(i)).digest('hex').slice(0, 12)}@example.test>\r\n` +
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n';
  const lines: string[] = [];
  let len = head.length;
  let k = 0;
  while (len < size) {
    const line = `${i}:${k} ${words[(i + k) % words.length]} ${words[(i * 7 + k) % words.length]} lorem ipsum dolor sit amet ${'x'.repeat(20)}`;
    lines.push(line);
    len += line.length + 2;
    k++;
  }
  return Buffer.from(head + lines.join('\r\n') + '\r\n');
}
