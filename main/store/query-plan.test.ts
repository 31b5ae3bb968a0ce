// Guards the hot queries' plans: if an index disappears or a query changes shape so that it no
// longer uses one, these fail instead of the inbox silently turning into a full scan.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSortKey } from '../../shared/model/message';
import { countSql, listSql } from './messages-repo';
import { contentKeySql } from './uidl-state-repo';
import { openStore } from './open-store';
import { accountSettings, parsedMessage, rawMessage, tempProfile } from './store-test-support';

const profile = tempProfile();
let db: Database.Database;

beforeAll(() => {
  const store = openStore(profile.dbPath);
  const accountId = store.accounts.create(accountSettings()).id;
  store.batch(() => {
    for (let i = 0; i < 300; i++) {
      store.commitMessage({
        accountId,
        uidl: `u${i}`,
        raw: rawMessage(`subject ${i}`),
        sessionId: null,
        parsed: parsedMessage({ subject: `subject ${i}`, date: i * 1000 }),
        contentKey: null,
        partial: false,
      });
    }
  });
  store.close();
  db = new Database(profile.dbPath, { readonly: true });
});
afterAll(() => {
  db.close();
  profile.remove();
});

const plan = (sql: string): string[] =>
  db
    .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all({ accountId: 1, match: '"subject"*', limit: 200, offset: 0 })
    .map((row) => row.detail);

describe('query plans', () => {
  it('pages the inbox of all accounts, newest first, straight off the date index', () => {
    const steps = plan(listSql(false, false, false, 'date', 'desc'));
    expect(steps).toEqual(['SCAN m USING INDEX messages_date']);
  });

  it('pages the inbox of one account off the per-account date index', () => {
    const steps = plan(listSql(true, false, false, 'date', 'desc'));
    expect(steps).toEqual(['SEARCH m USING INDEX messages_account_date (account_id=?)']);
  });

  it('sorts by every key and direction without a temporary sort', () => {
    const keys: MessageSortKey[] = ['date', 'from', 'subject', 'size'];
    for (const key of keys) {
      for (const order of ['asc', 'desc'] as const) {
        for (const byAccount of [false, true]) {
          const steps = plan(listSql(byAccount, false, false, key, order));
          expect(steps, `${key} ${order} ${byAccount}`).toHaveLength(1);
          expect(steps[0], `${key} ${order}`).toMatch(/ USING INDEX messages_\w+/);
        }
      }
    }
    expect(plan(listSql(false, false, true, 'date', 'desc'))).toEqual([
      'SCAN m USING INDEX messages_unread_date',
    ]);
  });

  it('answers a search from the FTS index and walks a sort index, never the messages table', () => {
    for (const byAccount of [false, true]) {
      for (const unreadOnly of [false, true]) {
        for (const sql of [
          listSql(byAccount, true, unreadOnly, 'date', 'desc'),
          countSql(byAccount, true, unreadOnly),
        ]) {
          const steps = plan(sql);
          const label = `${byAccount} ${unreadOnly}: ${steps.join(' | ')}`;
          expect(
            steps.some((step) => /VIRTUAL TABLE INDEX \d+:M/.test(step)),
            label,
          ).toBe(true);
          const messageSteps = steps.filter((step) => / m\b/.test(step));
          for (const step of messageSteps) {
            expect(step, label).toMatch(/^(SCAN|SEARCH) m USING (COVERING )?INDEX messages_\w+/);
          }
          expect(
            steps.some((step) => step.includes('TEMP B-TREE')),
            label,
          ).toBe(false);
        }
      }
    }
    // The newest-first search page walks the date index until 200 matches are found.
    expect(plan(listSql(false, true, false, 'date', 'desc'))[0]).toBe(
      'SCAN m USING INDEX messages_date',
    );
    // Counting matches over all accounts needs the FTS index alone.
    expect(plan(countSql(false, true, false))).toEqual([
      'SCAN messages_fts VIRTUAL TABLE INDEX 0:M3',
    ]);
  });

  it('counts from an index, not the table', () => {
    expect(plan(countSql(false, false, false))[0]).toMatch(/USING COVERING INDEX/);
    expect(plan(countSql(true, false, false))[0]).toMatch(/USING COVERING INDEX/);
  });

  it('finds a message by content key through its index, not a scan of the account', () => {
    const steps = plan(
      `${contentKeySql} WHERE u.account_id = @accountId AND u.content_key = @match`,
    );
    expect(steps.join('\n')).toMatch(/SEARCH u USING INDEX uidl_state_by_content_key/);
  });
});
