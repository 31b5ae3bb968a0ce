// Guards the hot queries' plans: if an index disappears or a query changes shape so that it no
// longer uses one, these fail instead of the inbox silently turning into a full scan.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageSortKeys } from '../../shared/model/message';
import { countSql, listSql, type QueryShape } from './messages-repo';
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
    .all({ accountId: 1, folderId: 1, match: '"subject"*', limit: 200, offset: 0 })
    .map((row) => row.detail);

const shape = (scope: QueryShape['scope'], more: Partial<QueryShape> = {}): QueryShape => ({
  scope,
  searching: false,
  unreadOnly: false,
  starredOnly: false,
  ...more,
});
const SCOPES: QueryShape['scope'][] = ['all', 'account', 'folder'];

describe('query plans', () => {
  it('pages "All mail", newest first, straight off the date index', () => {
    const steps = plan(listSql(shape('all'), 'date', 'desc'));
    expect(steps).toEqual(['SCAN m USING INDEX messages_date']);
  });

  it('pages one account and one folder off their own date indexes', () => {
    expect(plan(listSql(shape('account'), 'date', 'desc'))).toEqual([
      'SEARCH m USING INDEX messages_account_date (account_id=?)',
    ]);
    expect(plan(listSql(shape('folder'), 'date', 'desc'))).toEqual([
      'SEARCH m USING INDEX messages_folder_date (folder_id=?)',
    ]);
  });

  it('sorts by every key and direction in every scope without a temporary sort', () => {
    for (const key of messageSortKeys) {
      for (const order of ['asc', 'desc'] as const) {
        for (const scope of SCOPES) {
          const steps = plan(listSql(shape(scope), key, order));
          expect(steps, `${key} ${order} ${scope}`).toHaveLength(1);
          expect(steps[0], `${key} ${order}`).toMatch(/ USING INDEX messages_\w+/);
        }
      }
    }
  });

  it('pages the Unread and Starred quick filters off their own indexes', () => {
    for (const scope of SCOPES) {
      const prefix = scope === 'all' ? '' : `${scope}_`;
      expect(plan(listSql(shape(scope, { unreadOnly: true }), 'date', 'desc'))[0]).toMatch(
        new RegExp(`USING INDEX messages_${prefix}unread_date`),
      );
      // Either starred index pages it: the filter's own, or the star sort's (flagged = 1, then date).
      expect(plan(listSql(shape(scope, { starredOnly: true }), 'date', 'desc'))[0]).toMatch(
        new RegExp(`(SCAN|SEARCH) m USING INDEX messages_${prefix}starred(_date)?( |$)`),
      );
    }
  });

  it('answers a search from the FTS index and walks a sort index, never the messages table', () => {
    for (const scope of SCOPES) {
      for (const unreadOnly of [false, true]) {
        const searching = shape(scope, { searching: true, unreadOnly });
        for (const sql of [listSql(searching, 'date', 'desc'), countSql(searching)]) {
          const steps = plan(sql);
          const label = `${scope} ${unreadOnly}: ${steps.join(' | ')}`;
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
    expect(plan(listSql(shape('all', { searching: true }), 'date', 'desc'))[0]).toBe(
      'SCAN m USING INDEX messages_date',
    );
  });

  it('counts from an index, not a scan of the table', () => {
    // "All mail" reads trashed_at from the row (an IS NULL term does not make the index cover).
    for (const scope of SCOPES) {
      expect(plan(countSql(shape(scope)))[0], scope).toMatch(/USING (COVERING )?INDEX messages_/);
    }
    expect(plan(countSql(shape('folder')))[0]).toMatch(/USING COVERING INDEX/);
  });

  it('finds a message by content key through its index, not a scan of the account', () => {
    const steps = plan(
      `${contentKeySql} WHERE u.account_id = @accountId AND u.content_key = @match`,
    );
    expect(steps.join('\n')).toMatch(/SEARCH u USING INDEX uidl_state_by_content_key/);
  });
});
