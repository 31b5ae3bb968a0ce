// `npm run bench:ui`: the real renderer in Chromium, through the browser bridge, over a store of
// 100,000 messages. Prints the time to the first rendered inbox, to open a message, and a scroll
// through 10,000 rows (requestAnimationFrame deltas; frames that missed 60 Hz counted). Asserts nothing.
import type { Page } from '@playwright/test';
import { openStore } from '../main/store';
import {
  FRAME_BUDGET_MS,
  FRAME_STATS_SCRIPT,
  ROWS_PER_FRAME,
  frameStatsLine,
  ms,
  runUiBench,
  type FrameStats,
} from './bench-bridge';
import { benchAccount, median } from './bench-support';

const MESSAGES = 100_000;
const SCROLL_ROWS = 10_000;
const ROW_HEIGHT = 30;
const RUNS = 5;

const FIRST = [
  'Ann',
  'Bob',
  'Carla',
  'Dmitri',
  'Émile',
  'Fatima',
  'Hiro',
  'Ines',
  'Kwame',
  'Priya',
];
const LAST = ['Smith', 'Okafor', 'Müller', 'Tanaka', 'Rossi', 'Nguyen', 'Silva', 'Larsen'];
const WORDS = [
  'invoice',
  'meeting',
  'harbour',
  'ledger',
  'quartz',
  'release',
  'budget',
  'lantern',
  'orbit',
  'thistle',
];

function buildStore(dbPath: string): void {
  const started = performance.now();
  const store = openStore(dbPath);
  const accountId = store.accounts.create(benchAccount()).id;
  const start = Date.UTC(2024, 0, 1);
  store.batch(() => {
    for (let i = 0; i < MESSAGES; i++) {
      const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
      const address = `sender${i % 997}@example.test`;
      const subject = `Message ${i} about the ${WORDS[i % WORDS.length]} and the ${WORDS[(i * 3) % WORDS.length]}`;
      const body = `Hello, this is message ${i}. ${WORDS[(i * 5) % WORDS.length]} ${WORDS[(i * 11) % WORDS.length]} follow-up.`;
      const date = start + i * 60_000;
      const raw = Buffer.from(
        `From: ${name} <${address}>\r\nTo: bench@example.test\r\nSubject: ${subject}\r\n` +
          `Date: ${new Date(date).toUTCString()}\r\nMessage-ID: <${i}@bench>\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
      );
      store.commitMessage({
        accountId,
        uidl: `U${String(i).padStart(8, '0')}`,
        raw,
        sessionId: null,
        // Built beside the raw bytes, not parsed from them: this times the UI, not the parser.
        parsed: {
          from: { name, address },
          to: [{ name: '', address: 'bench@example.test' }],
          cc: [],
          subject,
          date,
          messageId: `<${i}@bench>`,
          snippet: body,
          hasAttachments: i % 13 === 0,
          bodyText: body,
          parseError: null,
        },
        contentKey: null,
        partial: false,
        receivedAt: date + 5000,
      });
    }
  });
  store.close();
  console.log(
    `built ${MESSAGES} messages in ${((performance.now() - started) / 1000).toFixed(1)} s (one transaction)`,
  );
}

/** Navigation start to the first message row drawn with its data, measured in the page. */
async function firstInbox(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () =>
      document.querySelector('[role="listbox"] [role="option"]:not([aria-label^="Loading"])')
        ? performance.now()
        : null,
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Click on a row to its subject shown in the reader, measured in the page. */
async function openMessage(page: Page, index: number): Promise<number> {
  const row = page.getByRole('listbox', { name: 'Messages' }).getByRole('option').nth(index);
  const name = (await row.getAttribute('aria-label')) ?? '';
  const subject = /Message \d+ about [^,]+/.exec(name)?.[0] ?? '';
  const start = await row.evaluate((element: HTMLElement) => {
    const t = performance.now();
    element.click();
    return t;
  });
  const handle = await page.waitForFunction(
    (wanted) => {
      const heading = document.querySelector('[aria-label="Message"] h2');
      return heading?.textContent === wanted ? performance.now() : null;
    },
    subject,
    { polling: 'raf', timeout: 30_000 },
  );
  return ((await handle.jsonValue()) as number) - start;
}

interface ScrollResult extends FrameStats {
  /** From the last scroll step to every visible row drawn with its data. */
  settleMs: number;
}

/**
 * Scrolls the list by `perFrame` rows per animation frame through `rows` rows, recording frame
 * deltas. Plain JavaScript text: the TypeScript loader would add helpers the page does not have.
 */
const SCROLL_SCRIPT = `({ rows, perFrame, rowHeight, budget, from }) => new Promise((done, fail) => {
  ${FRAME_STATS_SCRIPT}
  const list = document.querySelector('[role="listbox"]');
  if (!list) return fail(new Error('no message list'));
  list.scrollTop = from * rowHeight;
  const deltas = [];
  const target = (from + rows) * rowHeight;
  let last = 0;
  let began = 0;
  let ended = 0;
  const settle = () => {
    if (list.querySelector('[role="option"][aria-label^="Loading"]')) return requestAnimationFrame(settle);
    done({ ...frameStats(deltas, budget, began, last), settleMs: performance.now() - ended });
  };
  const step = (t) => {
    if (last) deltas.push(t - last);
    else began = t;
    last = t;
    if (list.scrollTop < target) {
      list.scrollTop = Math.min(target, list.scrollTop + perFrame * rowHeight);
      requestAnimationFrame(step);
      return;
    }
    ended = performance.now();
    requestAnimationFrame(settle);
  };
  requestAnimationFrame(step);
})`;

function scrollThrough(page: Page, startRow: number): Promise<ScrollResult> {
  const args = {
    rows: SCROLL_ROWS,
    perFrame: ROWS_PER_FRAME,
    rowHeight: ROW_HEIGHT,
    budget: FRAME_BUDGET_MS,
    from: startRow,
  };
  return page.evaluate(`(${SCROLL_SCRIPT})(${JSON.stringify(args)})`) as Promise<ScrollResult>;
}

runUiBench('ui-bench', buildStore, async (page, url) => {
  await firstInbox(page, url); // warm-up: caches, JIT, SQLite pages
  const inbox: number[] = [];
  for (let run = 0; run < RUNS; run++) inbox.push(await firstInbox(page, url));
  console.log(
    `first rendered inbox (navigation to first row, ${MESSAGES} messages): median ${ms(median(inbox))}  [${inbox.map(ms).join(', ')}]`,
  );

  const open: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) open.push(await openMessage(page, 2 + run));
  open.shift();
  console.log(
    `open a message (click to subject in the reader):           median ${ms(median(open))}  [${open.map(ms).join(', ')}]`,
  );

  const scrolls: ScrollResult[] = [];
  for (let run = 0; run < 3; run++)
    scrolls.push(await scrollThrough(page, run * (SCROLL_ROWS + 5000)));
  for (const [run, s] of scrolls.entries())
    console.log(
      `scroll ${SCROLL_ROWS} rows, run ${run + 1}: ${frameStatsLine(s)}; ` +
        `rows filled ${ms(s.settleMs)} after the last step`,
    );
});
