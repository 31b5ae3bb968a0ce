// `npm run bench:log`: the protocol-log panel in Chromium, through the browser bridge, on a
// finished session of 100,000 lines. Prints the time from opening the panel to the last line
// drawn, and a scroll through 10,000 of its lines (requestAnimationFrame deltas; frames that
// missed 60 Hz counted). Asserts nothing.
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

const LINES = 100_000;
/** One line of the log table in CSS pixels (renderer/styles/app.css). */
const ROW_HEIGHT = 18;
/** Lines scrolled through per run, from the top. */
const SCROLL_LINES = 10_000;
const RUNS = 3;

function buildStore(dbPath: string): void {
  const store = openStore(dbPath);
  const accountId = store.accounts.create(benchAccount({ checkIntervalSeconds: 0 })).id;
  const session = store.sessions.start(accountId);
  store.batch(() => {
    for (let from = 1; from <= LINES; from += 1000)
      store.sessions.appendLog(
        session,
        Array.from({ length: 1000 }, (_, i) =>
          (from + i) % 2
            ? { dir: 'C' as const, text: `RETR ${from + i}` }
            : { dir: 'S' as const, text: `+OK ${2000 + ((from + i) % 977)} octets` },
        ),
      );
  });
  store.sessions.finish(session, { outcome: 'ok', reachedUpdate: true, quitReply: '+OK bye' });
  store.close();
}

/** Click on "Protocol log" to the session's last line drawn (the panel follows the tail). */
async function openPanel(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Protocol log' }).waitFor();
  const start = await page
    .getByRole('button', { name: 'Protocol log' })
    .evaluate((button: HTMLElement) => {
      const t = performance.now();
      button.click();
      return t;
    });
  const handle = await page.waitForFunction(
    (last) =>
      [...document.querySelectorAll('.log-table tr')].some((tr) => tr.textContent?.endsWith(last))
        ? performance.now()
        : null,
    `RETR ${LINES - 1}`,
    { polling: 'raf', timeout: 120_000 },
  );
  return ((await handle.jsonValue()) as number) - start;
}

// Plain JavaScript text: the TypeScript loader would add helpers the page does not have.
const SCROLL_SCRIPT = `({ perFrame, rowHeight, budget, lines }) => new Promise((done, fail) => {
  ${FRAME_STATS_SCRIPT}
  const box = document.querySelector('.log-table-wrap');
  if (!box) return fail(new Error('no log lines'));
  box.scrollTop = 0;
  const deltas = [];
  let last = 0;
  let began = 0;
  const step = (t) => {
    if (last) deltas.push(t - last);
    else began = t;
    last = t;
    if (box.scrollTop < lines * rowHeight && box.scrollTop + box.clientHeight < box.scrollHeight - 1) {
      box.scrollTop += perFrame * rowHeight;
      requestAnimationFrame(step);
      return;
    }
    done(frameStats(deltas, budget, began, last));
  };
  requestAnimationFrame(step);
})`;

runUiBench('log-bench', buildStore, async (page, url) => {
  await openPanel(page, url); // warm-up
  const open: number[] = [];
  for (let run = 0; run < RUNS; run++) open.push(await openPanel(page, url));
  console.log(
    `open the panel on a ${LINES}-line session to its last line drawn: median ${ms(median(open))}  [${open.map(ms).join(', ')}]`,
  );
  const rows = await page.locator('.log-table tbody tr').count();
  const height = await page
    .locator('.log-table tbody tr[data-index]')
    .first()
    .evaluate((tr) => tr.getBoundingClientRect().height);
  console.log(`table rows in the page: ${rows}, a one-line row ${height} px high`);

  // What this machine gives an idle page, to read the scroll's frames against.
  const idle = (await page.evaluate(`new Promise((done) => {
    const deltas = [];
    let last = 0;
    const step = (t) => {
      if (last) deltas.push(t - last);
      last = t;
      if (deltas.length < 120) requestAnimationFrame(step);
      else done(deltas.sort((a, b) => a - b)[60]);
    };
    requestAnimationFrame(step);
  })`)) as number;
  console.log(`idle page: frame p50 ${idle.toFixed(1)} ms`);
  const args = {
    perFrame: ROWS_PER_FRAME,
    rowHeight: ROW_HEIGHT,
    budget: FRAME_BUDGET_MS,
    lines: SCROLL_LINES,
  };
  for (let run = 1; run <= RUNS; run++) {
    const s = (await page.evaluate(`(${SCROLL_SCRIPT})(${JSON.stringify(args)})`)) as FrameStats;
    console.log(
      `scroll ${SCROLL_LINES} of ${LINES} lines (${ROWS_PER_FRAME} per frame), run ${run}: ${frameStatsLine(s)}`,
    );
  }
});
