// Measures the store's hot paths on 100,000 synthetic messages: the first inbox page, a full-text
// search, opening one message. Prints p50/p95 against targets; asserts nothing. `npm run bench:store`
// The database is built once and cached in .tmp/ (delete it to rebuild).

import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDetail } from '../main/mime';
import { openStore, type Store } from '../main/store';
import { benchAccount, runBench } from './bench-support';

// STORE_BENCH_MESSAGES builds a smaller mailbox for a quick comparison (cached per count).
const MESSAGES = Number(process.env.STORE_BENCH_MESSAGES) || 100_000;
const ACCOUNTS = 3;
const BENCH_VERSION = 2;
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cacheDir = join(repoRoot, '.tmp');
const dbPath = join(cacheDir, `store-bench-v${BENCH_VERSION}-${MESSAGES}.db`);

// Deterministic pseudo-random numbers, so every run builds the same mailbox.
let seed = 0x2f6b1a3d;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// A 60,000-word made-up vocabulary with a Zipf spread (word k about 1/k as frequent as the first),
// so searches range from words in a few dozen messages to words in nearly all; plus real words.
const VOCABULARY_SIZE = 60_000;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'te',
  'vi',
  'zo',
  'pa',
  'de',
  'gu',
  'fi',
  'ho',
  'bre',
  'stan',
  'qua',
  'mor',
  'lin',
  'tes',
];
const REAL = [
  'invoice',
  'meeting',
  'report',
  'schedule',
  'budget',
  'release',
  'contract',
  'holiday',
  'server',
  'backup',
  'quarterly',
  'feedback',
  'migration',
  'deadline',
  'ticket',
];
const vocabularySet = new Set<string>(REAL);
while (vocabularySet.size < VOCABULARY_SIZE) {
  const n = 2 + Math.floor(random() * 3);
  let word = '';
  for (let i = 0; i < n; i++) word += pick(SYLLABLES);
  vocabularySet.add(word);
}
const vocabulary = [...vocabularySet];
const LOG_SIZE = Math.log(VOCABULARY_SIZE);
function zipfWord(): string {
  // Log-uniform ranks are Zipf-distributed with exponent 1.
  return vocabulary[Math.floor(Math.exp(random() * LOG_SIZE)) - 1] as string;
}
const FIRST = [
  'Ann',
  'Bob',
  'Carla',
  'Dmitri',
  'Émile',
  'Fatima',
  'Göran',
  'Hiro',
  'Ines',
  'Jonas',
  'Kwame',
  'Lea',
  'Mateo',
  'Nora',
  'Olu',
  'Priya',
];
const LAST = [
  'Smith',
  'Okafor',
  'Müller',
  'Tanaka',
  'Rossi',
  'Nguyen',
  'Silva',
  'Kowalski',
  'Haddad',
  'Larsen',
];
const DOMAINS = [
  'example.org',
  'example.com',
  'mail.example.net',
  'corp.example',
  'lists.example.org',
];
const senders = Array.from({ length: 2000 }, () => {
  const first = pick(FIRST);
  const last = pick(LAST);
  return {
    name: `${first} ${last}`,
    address: `${first}.${last}${Math.floor(random() * 99)}@${pick(DOMAINS)}`
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, ''),
  };
});

function sentence(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(zipfWord());
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 72) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\r\n');
}

interface Synthetic {
  raw: Buffer;
  subject: string;
  from: { name: string; address: string };
  to: { name: string; address: string };
  date: number;
  body: string;
  withHtml: boolean;
}

function synthesize(i: number, start: number): Synthetic {
  const from = pick(senders);
  const to = pick(senders);
  const subject = `${random() < 0.3 ? 'Re: ' : ''}${sentence(3 + Math.floor(random() * 6)).slice(0, -1)}`;
  const date = start + i * 60_000 + Math.floor(random() * 30_000);
  const target = 4096 + Math.floor(random() * 4096);
  const paragraphs: string[] = [];
  let length = 0;
  while (length < target - 700) {
    const paragraph = Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
      sentence(6 + Math.floor(random() * 12)),
    ).join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 4;
  }
  const body = paragraphs.join('\n\n');
  const withHtml = random() < 0.2;
  const headers = [
    `Return-Path: <${from.address}>`,
    `Received: from mx${i % 7}.example.net (mx${i % 7}.example.net [192.0.2.${i % 250}]) by pop.example.org; ${new Date(date).toUTCString()}`,
    `Message-ID: <${i}.${date}@${from.address.split('@')[1]}>`,
    `Date: ${new Date(date).toUTCString()}`,
    `From: ${from.name.normalize('NFC') === from.name && /^[\x20-\x7e]*$/.test(from.name) ? from.name : `=?utf-8?b?${Buffer.from(from.name).toString('base64')}?=`} <${from.address}>`,
    `To: ${to.address}`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
  ];
  const text = paragraphs.map(wrap).join('\r\n\r\n');
  let mime: string;
  if (withHtml) {
    const html = `<html><body>${paragraphs.map((p) => `<p>${p}</p>`).join('\r\n')}</body></html>`;
    mime = [
      'Content-Type: multipart/alternative; boundary="b-alt"',
      '',
      '--b-alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '--b-alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      wrap(html),
      '--b-alt--',
      '',
    ].join('\r\n');
  } else {
    mime = ['Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  }
  return {
    raw: Buffer.from(`${headers.join('\r\n')}\r\n${mime}`),
    subject,
    from,
    to,
    date,
    body,
    withHtml,
  };
}

function build(): void {
  mkdirSync(cacheDir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const store = openStore(dbPath);
  const started = performance.now();
  const accountIds = Array.from(
    { length: ACCOUNTS },
    (_, n) =>
      store.accounts.create(
        benchAccount({
          name: `Account ${n + 1}`,
          host: `pop${n + 1}.example.org`,
          user: `user${n + 1}`,
        }),
      ).id,
  );
  const start = Date.UTC(2022, 0, 1);
  let bytes = 0;
  store.batch(() => {
    for (let i = 0; i < MESSAGES; i++) {
      const m = synthesize(i, start);
      bytes += m.raw.length;
      store.commitMessage({
        accountId: accountIds[i % ACCOUNTS] as number,
        uidl: `UID${String(i).padStart(8, '0')}`,
        raw: m.raw,
        sessionId: null,
        // Built alongside the raw bytes instead of parsed from them: building, not parsing, is what this times.
        parsed: {
          from: m.from,
          to: [m.to],
          cc: [],
          subject: m.subject,
          date: m.date,
          messageId: `<${i}@bench>`,
          snippet: m.body.replace(/\s+/g, ' ').slice(0, 200),
          hasAttachments: false,
          bodyText: m.body.replace(/\s+/g, ' ').slice(0, 64 * 1024),
          parseError: null,
        },
        contentKey: null,
        partial: false,
        receivedAt: m.date + 5000,
      });
      if ((i + 1) % 20_000 === 0) console.log(`  built ${i + 1} messages`);
    }
  });
  store.close();
  console.log(
    `built ${MESSAGES} messages (${(bytes / 1024 / 1024).toFixed(0)} MB raw) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

async function measure(runs: number, fn: (run: number) => unknown | Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

function report(label: string, result: { p50: number; p95: number }, targetP95?: number) {
  const verdict =
    targetP95 === undefined
      ? ''
      : result.p95 < targetP95
        ? `  (target p95 < ${targetP95} ms: met)`
        : `  (target p95 < ${targetP95} ms: MISSED)`;
  console.log(
    `${label.padEnd(44)} p50 ${result.p50.toFixed(2).padStart(7)} ms   p95 ${result.p95.toFixed(2).padStart(7)} ms${verdict}`,
  );
}

async function main() {
  if (!existsSync(dbPath)) {
    console.log(`building ${dbPath} (cached for later runs)…`);
    build();
  } else {
    console.log(`using cached ${dbPath}`);
  }
  const store: Store = openStore(dbPath);
  const total = store.messages.count();
  console.log(`${total} messages in ${ACCOUNTS} accounts\n`);

  // Search words chosen by how many messages they match, from rare to nearly everywhere.
  const candidates = [...REAL, ...vocabulary.filter((_, rank) => rank % 97 === 0)];
  const hits = new Map(candidates.map((word) => [word, store.messages.count({ search: word })]));
  // Up to 12 words spread evenly over the bucket's range of match counts.
  const bucket = (min: number, max: number) => {
    const inRange = candidates
      .filter((word) => (hits.get(word) ?? 0) >= min && (hits.get(word) ?? 0) <= max)
      .sort((a, b) => (hits.get(a) ?? 0) - (hits.get(b) ?? 0));
    const step = Math.max(1, inRange.length / 12);
    return Array.from(
      { length: Math.min(12, inRange.length) },
      (_, k) => inRange[Math.floor(k * step)] as string,
    );
  };
  const buckets = [
    { label: 'rare word (10-1,000 matches)', words: bucket(10, 1000) },
    { label: 'common word (1,000-20,000)', words: bucket(1001, 20_000) },
    { label: 'very common word (>20,000)', words: bucket(20_001, MESSAGES) },
  ];

  report(
    'inbox: newest 200, all accounts',
    await measure(200, () => store.messages.list({ limit: 200 })),
    20,
  );
  report(
    'inbox: newest 200, one account',
    await measure(200, () => store.messages.list({ accountId: 1, limit: 200 })),
    20,
  );
  report(
    'inbox: page at offset 50,000',
    await measure(50, () => store.messages.list({ limit: 200, offset: 50_000 })),
  );
  report(
    'inbox: by sender, one account',
    await measure(100, () => store.messages.list({ accountId: 2, sort: 'from', order: 'asc' })),
  );
  report('inbox: total count, all accounts', await measure(100, () => store.messages.count()));
  const allWords = buckets.flatMap((b) => b.words);
  report(
    'search: newest 200, all words below',
    await measure(300, (run) =>
      store.messages.list({ search: allWords[run % allWords.length] as string, limit: 200 }),
    ),
    50,
  );
  for (const { label, words } of buckets) {
    if (words.length === 0) continue;
    const range = words.map((word) => hits.get(word) ?? 0);
    report(
      `  ${label}, ${words.length} words ${Math.min(...range)}-${Math.max(...range)}`,
      await measure(100, (run) =>
        store.messages.list({ search: words[run % words.length] as string, limit: 200 }),
      ),
      50,
    );
  }
  report(
    'search: newest 200, one account',
    await measure(200, (run) =>
      store.messages.list({
        accountId: 3,
        search: allWords[run % allWords.length] as string,
        limit: 200,
      }),
    ),
    50,
  );
  report(
    'search: prefix "inv", newest 200',
    await measure(100, () => store.messages.list({ search: 'inv', limit: 200 })),
    50,
  );
  report(
    'search: match count, all accounts',
    await measure(200, (run) =>
      store.messages.count({ search: allWords[run % allWords.length] as string }),
    ),
  );
  report(
    'search: match count, one account',
    await measure(200, (run) =>
      store.messages.count({ accountId: 3, search: allWords[run % allWords.length] as string }),
    ),
  );

  let next = 1;
  report(
    'open: row + raw + parseDetail',
    await measure(300, async () => {
      next = (next * 7919 + 13) % total;
      const id = next + 1;
      const row = store.messages.get(id);
      const raw = store.messages.raw(id);
      if (!row || !raw) throw new Error(`message ${id} missing`);
      return parseDetail(raw);
    }),
    10,
  );
  store.close();
}

runBench(main);
