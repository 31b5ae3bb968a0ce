// The whole shared corpus through a private Dovecot and ONE sync: every file stored once, its bytes
// as delivered (line ends aside), the Maildir emptied, each parse outcome written to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, readCorpus } from '../mime/corpus-fixtures';
import { parseMessage } from '../mime';
import type { MessageRecord } from '../store';
import { startDovecot, type Dovecot } from '../testing/dovecot';
import type { SyncResult } from './sync-account';
import { sha, syncFixture, type SyncFixture } from './sync-test-support';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const REPORT = join(repoRoot, 'test-results', 'corpus-parse.json');

// The same list main/mime/corpus.test.ts holds for the original bytes: the one file that is not a
// message at all (no header block). Any other stored message with a parseError is a regression.
const EXPECTED_PARSE_ERRORS = ['mime4j/testmsgs/malformedHeader-noheader.msg'];

/**
 * What a POP3 client gets back from Dovecot for a Maildir file, as found on Dovecot 2.3.19:
 * - every bare LF becomes CRLF (the corpus has no bare CR and no NUL, so nothing else is touched);
 * - a file whose last line has no line end gets CRLF appended, because the ".\r\n" terminator
 *   must start a line (20 corpus files, e.g. raw_email_trailing_dot.eml ending in "123.");
 * - dot-stuffing is undone by the client, so lines that are just "." or start with "." survive.
 * Mbox files (starting "From ") are delivered whole, as one message each, and come back whole.
 */
function asServed(original: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const c = original[i] as number;
    if (c === 0x0a && original[i - 1] !== 0x0d) out.push(0x0d);
    out.push(c);
  }
  if (out.at(-1) !== 0x0a) out.push(0x0d, 0x0a);
  return Buffer.from(out);
}

interface CorpusOutcome {
  file: string;
  size: number;
  storedSize: number | null;
  messageId: number | null;
  parseError: string | null;
  ok: boolean;
}

const files = corpusFiles();
let dovecot: Dovecot;
let fx: SyncFixture;
let result: SyncResult;
let delivered: string[];
/** Each corpus file with the stored message holding exactly its served bytes (twins share none). */
const outcomes: CorpusOutcome[] = [];

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'user', password: 'secret' }] });
  delivered = dovecot.deliver('user', files.map(readCorpus));
  fx = syncFixture({ port: dovecot.port });
  result = await fx.sync();

  const bySha = new Map<string, MessageRecord[]>();
  for (const summary of fx.store.messages.list({ limit: 1000 })) {
    const record = fx.store.messages.get(summary.id);
    if (!record) continue;
    bySha.set(record.sha256, [...(bySha.get(record.sha256) ?? []), record]);
  }
  for (const file of files) {
    const original = readCorpus(file);
    const record = bySha.get(sha(asServed(original)))?.shift() ?? null;
    outcomes.push({
      file,
      size: original.length,
      storedSize: record ? (fx.store.messages.raw(record.id)?.length ?? null) : null,
      messageId: record?.id ?? null,
      parseError: record?.parseError ?? null,
      ok: record !== null && record.parseError === null,
    });
  }
  mkdirSync(resolve(REPORT, '..'), { recursive: true });
  const parseErrors = outcomes.filter((o) => o.parseError !== null).length;
  writeFileSync(
    REPORT,
    JSON.stringify({ files: files.length, parseErrors, messages: outcomes }, null, 2) + '\n',
  );
}, 120_000);

afterAll(async () => {
  fx?.close();
  await dovecot?.stop();
});

describe('the shared corpus through Dovecot and one sync', () => {
  it('delivers every message file of the corpus (mbox files whole, one each)', () => {
    expect(files.length).toBeGreaterThanOrEqual(200);
    expect(delivered).toHaveLength(files.length);
    expect(files.filter((f) => /(^|\/)(SOURCE|INDEX)\.md$|LICENSE|NOTICE/.test(f))).toEqual([]);
  });

  it('stores every delivered message once and empties the Maildir in the same session', () => {
    expect(result.errors).toEqual([]);
    expect(result.outcome).toBe('ok');
    expect(result.reachedUpdate).toBe(true);
    expect(result.retrieved).toBe(files.length);
    expect(result.deleted).toBe(files.length);
    expect(fx.store.messages.count()).toBe(files.length);
    expect(dovecot.mailboxFiles('user')).toEqual([]);

    const log = fx.store.sessions.log(result.session ?? -1).map((l) => `${l.dir}: ${l.text}`);
    expect(log.filter((l) => /^C: (USER|AUTH|APOP)\b/.test(l))).toHaveLength(1);
    expect(log.at(-2)).toBe('C: QUIT');
    expect(log.at(-1)).toMatch(/^S: \+OK/);
  });

  it('keeps the bytes of each file exactly, once bare LF is CRLF and a last line is ended', () => {
    const missing = outcomes.filter((o) => o.messageId === null).map((o) => o.file);
    expect(missing).toEqual([]);
    // Each stored message matched one file: none is left over and none was matched twice.
    expect(new Set(outcomes.map((o) => o.messageId)).size).toBe(files.length);
  });

  it('serves a message without a final line end with CRLF appended, and nothing else changed', () => {
    const trailing = outcomes.find(
      (o) => o.file === 'ruby-mail/plain_emails/raw_email_trailing_dot.eml',
    );
    const raw = fx.store.messages.raw(trailing?.messageId ?? -1);
    const original = readCorpus('ruby-mail/plain_emails/raw_email_trailing_dot.eml');
    expect(original.subarray(-4).toString('latin1')).toBe('123.');
    expect(raw?.subarray(-6).toString('latin1')).toBe('123.\r\n');
    expect(raw?.length).toBe(asServed(original).length);
  });

  it('brings back lines that are just "." unstuffed (mailcatcher/dotmail)', () => {
    const dotmail = outcomes.find((o) => o.file === 'mailcatcher/dotmail');
    const raw = fx.store.messages.raw(dotmail?.messageId ?? -1)?.toString('latin1') ?? '';
    expect(raw).toContain('\r\n.\r\n');
    expect(raw).toContain('\r\n...\r\n');
  });

  it('records a parse outcome for each message, failing only where the original fails', async () => {
    const stored = outcomes.filter((o) => o.parseError !== null).map((o) => o.file);
    expect(stored).toEqual(EXPECTED_PARSE_ERRORS);
    // The CRLF normalisation on the way through Dovecot changes no parse outcome.
    const fromOriginals: string[] = [];
    for (const file of files) {
      if ((await parseMessage(readCorpus(file))).parseError !== null) fromOriginals.push(file);
    }
    expect(stored).toEqual(fromOriginals);
  });
});
