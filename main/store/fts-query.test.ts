import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query';

describe('toFtsQuery', () => {
  it('quotes every word and prefix-matches the last one', () => {
    expect(toFtsQuery('  invoice  march ')).toBe('"invoice" "march"*');
  });

  it('returns null when nothing searchable is left', () => {
    expect(toFtsQuery('')).toBeNull();
    expect(toFtsQuery(' -- "" * ')).toBeNull();
  });

  it('never produces an FTS5 syntax error, whatever the user types', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(a, content='', contentless_delete=1)");
    db.prepare('INSERT INTO t (rowid, a) VALUES (1, ?)').run(
      'alice@example.org wrote NEAR the end',
    );
    const match = db.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ?');
    const hostile = [
      'a"b',
      '"',
      'NEAR(',
      'a OR',
      'AND',
      'NOT x',
      'a:b',
      '{a b}:c',
      '^start',
      '*',
      'x*y',
      '(',
      ')',
      'col:"',
      "it's",
      '+-',
      '\\',
      'alice@example.org',
    ];
    for (const input of hostile) {
      const query = toFtsQuery(input);
      if (query !== null) expect(() => match.all(query), input).not.toThrow();
    }
    const ids = (input: string) => match.all(toFtsQuery(input) ?? '').map((r) => r.rowid);
    expect(ids('alice@example.org')).toEqual([1]);
    expect(ids('NEAR')).toEqual([1]);
    expect(ids('wro')).toEqual([1]);
    expect(ids('wro end')).toEqual([]);
    db.close();
  });
});
