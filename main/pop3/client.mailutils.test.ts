// Against the real GNU Mailutils pop3d: its greeting carries an APOP timestamp for every user, yet
// it refuses APOP to a user without an APOP secret; 'auto' must go on to USER/PASS and log in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailutils, type MailutilsServer } from '../testing/mailutils-pop3d';
import { Pop3Client } from './client';
import type { ProtocolLogEntry } from './protocol-log';

let server: MailutilsServer;

beforeAll(async () => {
  server = await startMailutils(['Subject: from mailutils\n\nbare LF body\n.\nafter a dot line\n']);
});

afterAll(async () => {
  await server.close();
});

describe('GNU Mailutils pop3d', () => {
  it("logs in with 'auto' after APOP is refused, in one session, and reads the mailbox", async () => {
    const log: ProtocolLogEntry[] = [];
    const client = await Pop3Client.connect({
      host: server.host,
      port: server.port,
      security: 'none',
      onLog: (e) => log.push(e),
    });
    try {
      expect(client.apopTimestamp).toMatch(/^<.+@.+>$/);
      const { method } = await client.authenticate({
        user: server.user,
        secret: server.password,
        method: 'auto',
        allowInsecurePassword: true,
      });
      expect(method).toBe('user');
      const lines = log.map((e) => `${e.dir} ${e.text}`);
      const apop = lines.findIndex((l) => l.startsWith('C APOP'));
      const refusal = lines.findIndex((l) => l.startsWith('S -ERR'));
      const user = lines.findIndex((l) => l.startsWith('C USER'));
      expect(apop).toBeGreaterThanOrEqual(0);
      expect(refusal).toBeGreaterThan(apop);
      expect(user).toBeGreaterThan(refusal);
      expect((await client.stat()).count).toBe(1);
      const chunks: Buffer[] = [];
      await client.retr(1, (c) => chunks.push(c));
      const text = Buffer.concat(chunks).toString('latin1');
      expect(text).toContain('Subject: from mailutils');
      // Mailutils sends CRLF line ends and stuffs the dot line; the body arrives whole.
      expect(text).toMatch(/bare LF body\r?\n\.\r?\nafter a dot line/);
      expect((await client.quit()).ok).toBe(true);
    } finally {
      client.close();
    }
  });
});
