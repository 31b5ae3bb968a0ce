// A private GNU Mailutils pop3d on 127.0.0.1 for tests: one pop3d per connection in inetd mode,
// its own config, one virtual user with a password but no APOP secret (the case 'auto' must handle).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MAILUTILS_POP3D = '/usr/sbin/pop3d';

export interface MailutilsServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The login name (user@domain, as Mailutils' virtdomain module wants it). */
  readonly user: string;
  readonly password: string;
  /** Connections whose pop3d is still running. */
  readonly openConnections: number;
  close(): Promise<void>;
}

/** Starts the server with an mbox holding `messages` (each a complete message, LF line ends). */
export async function startMailutils(messages: string[] = []): Promise<MailutilsServer> {
  if (!existsSync(MAILUTILS_POP3D)) {
    throw new Error(
      `${MAILUTILS_POP3D} not found: install mailutils-pop3d (scripts/ensure-system-deps.sh does)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'popline-mailutils-'));
  const password = 'mu-secret';
  const hash = execFileSync('openssl', ['passwd', '-6', password], { encoding: 'utf8' }).trim();
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  writeFileSync(join(dir, 'example.test'), `user:${hash}:${uid}:${gid}:test:${dir}:/bin/sh\n`);
  const mbox = messages
    .map((m, i) => `From sender@example.test Fri Nov 27 10:00:0${i % 10} 2026\n${m}\n`)
    .join('');
  writeFileSync(join(dir, 'INBOX'), mbox);
  const config = join(dir, 'pop3d.conf');
  writeFileSync(
    config,
    [
      'auth { authorization virtdomain; authentication generic; };',
      `virtdomain { passwd-dir "${dir}"; };`,
      // No APOP database: every APOP is refused, while the greeting still offers it.
      `apop-database-file "${join(dir, 'no-apop.db')}";`,
      'logging { syslog false; };',
      '',
    ].join('\n'),
  );
  const children = new Set<ChildProcess>();
  const server: Server = createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    const child = spawn(MAILUTILS_POP3D, ['--inetd', `--config-file=${config}`], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    children.add(child);
    child.stdin.on('error', () => undefined);
    socket.pipe(child.stdin);
    child.stdout.pipe(socket);
    child.on('exit', () => {
      children.delete(child);
      socket.end();
    });
    socket.on('close', () => child.kill());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    user: 'user@example.test',
    password,
    get openConnections() {
      return children.size;
    },
    close: async () => {
      for (const child of children) child.kill();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
