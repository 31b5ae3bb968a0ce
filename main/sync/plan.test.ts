import { describe, expect, it } from 'vitest';
import { planSession, withRelinked, type KnownUidl } from './plan';
import type { Retention } from '../../shared/model/account';

const NOW = Date.UTC(2026, 10, 26);
const DAY = 86_400_000;
const committed = (over: Partial<KnownUidl> = {}): KnownUidl => ({
  state: 'committed',
  committedAt: NOW - DAY,
  firstSeenAt: NOW - DAY,
  partial: false,
  ambiguous: false,
  deletedLocally: false,
  deleteRequested: false,
  fetchRequested: false,
  ...over,
});
const server = (...uidls: string[]) =>
  uidls.map((uidl, i) => ({ n: i + 1, uidl, size: 1000 * (i + 1) }));
const plan = (
  policy: Retention,
  known: Record<string, KnownUidl>,
  uidls: string[],
  maxMessageSize: number | null = null,
) =>
  planSession({
    server: server(...uidls),
    known: new Map(Object.entries(known)),
    retention: policy,
    maxMessageSize,
    now: NOW,
  });

describe('planSession', () => {
  it('retrieves only messages it has not committed, and never plans DELE for them before commit', () => {
    const p = plan({ mode: 'delete' }, { a: committed() }, ['a', 'b', 'c']);
    expect(p.retrieve.map((m) => m.uidl)).toEqual(['b', 'c']);
    expect(p.dele.map((m) => m.uidl)).toEqual(['a']);
    expect(p.deleteAfterCommit).toBe(true);
  });

  it('re-sends DELE for a message whose earlier session never confirmed, without retrieving it again', () => {
    const p = plan({ mode: 'delete' }, { a: committed({ state: 'dele-sent' }) }, ['a']);
    expect(p.retrieve).toEqual([]);
    expect(p.dele.map((m) => m.uidl)).toEqual(['a']);
  });

  it('treats a seen-but-uncommitted message as new', () => {
    const p = plan({ mode: 'delete' }, { a: committed({ state: 'seen', committedAt: null }) }, [
      'a',
    ]);
    expect(p.retrieve.map((m) => m.uidl)).toEqual(['a']);
    expect(p.dele).toEqual([]);
  });

  it('leaves everything on the server in keep mode unless the user asked to delete one', () => {
    const p = plan({ mode: 'keep' }, { a: committed(), b: committed({ deleteRequested: true }) }, [
      'a',
      'b',
    ]);
    expect(p.deleteAfterCommit).toBe(false);
    expect(p.dele.map((m) => m.uidl)).toEqual(['b']);
    expect(p.kept).toBe(1);
  });

  it('deletes after N days only messages first seen at least N days ago, however late their commit', () => {
    const p = plan(
      { mode: 'keep-days', days: 7 },
      {
        old: committed({ firstSeenAt: NOW - 7 * DAY, committedAt: NOW - DAY }),
        young: committed({ firstSeenAt: NOW - 6 * DAY, committedAt: NOW - 6 * DAY }),
      },
      ['old', 'young'],
    );
    expect(p.dele.map((m) => m.uidl)).toEqual(['old']);
    expect(p.kept).toBe(1);
  });

  it('never trusts a UIDL listed for two messages: both are verified by their bytes, none deleted on the key', () => {
    const p = plan({ mode: 'delete' }, { x: committed() }, ['x', 'y', 'x']);
    expect(p.verify.map((m) => m.n)).toEqual([1, 3]);
    expect(p.dele).toEqual([]);
    expect(p.retrieve.map((m) => m.uidl)).toEqual(['y']);
    expect(p.ambiguous).toEqual(['x']);
  });

  it('keeps verifying a UIDL once ambiguous, even when it is listed once', () => {
    const p = plan({ mode: 'delete' }, { x: committed({ ambiguous: true }) }, ['x']);
    expect(p.verify.map((m) => m.uidl)).toEqual(['x']);
    expect(p.dele).toEqual([]);
  });

  it('treats a UIDL seen but never committed, that vanished and came back, as new', () => {
    const back = committed({ state: 'gone', committedAt: null });
    for (const policy of [{ mode: 'delete' }, { mode: 'keep' }] as const) {
      const p = plan(policy, { a: back }, ['a']);
      expect(p.retrieve.map((m) => m.uidl)).toEqual(['a']);
      expect(p.dele).toEqual([]);
    }
  });

  it('verifies a committed message that came back after it was gone instead of deleting it on its UIDL', () => {
    const p = plan({ mode: 'delete' }, { a: committed({ state: 'gone' }) }, ['a']);
    expect(p.verify.map((m) => m.uidl)).toEqual(['a']);
    expect(p.dele).toEqual([]);
  });

  it('under EXPIRE 0 (no TOP) leaves a message over the size limit untouched instead of reading its headers', () => {
    const p = planSession({
      server: server('small', 'big'),
      known: new Map(),
      retention: { mode: 'keep' },
      maxMessageSize: 1500,
      now: NOW,
      noTop: true,
    });
    expect(p.headersOnly).toEqual([]);
    expect(p.untouched.map((u) => u.m.uidl)).toEqual(['big']);
    expect(p.untouched[0]?.reason).toMatch(/EXPIRE 0/);
  });

  it('counts derived keys of a listed UIDL as listed', () => {
    const p = plan({ mode: 'keep' }, { x: committed(), 'x sha256:ab': committed() }, ['x']);
    expect(p.vanished).toEqual([]);
  });

  it('deletes from the server what was deleted locally in that mode', () => {
    const p = plan(
      { mode: 'delete-when-deleted-locally' },
      { a: committed({ deletedLocally: true }), b: committed() },
      ['a', 'b'],
    );
    expect(p.dele.map((m) => m.uidl)).toEqual(['a']);
  });

  it('fetches headers only above the size limit and never deletes a headers-only copy by policy', () => {
    const p = plan(
      { mode: 'delete' },
      { big: committed({ partial: true }) },
      ['small', 'big', 'huge'],
      1500,
    );
    expect(p.retrieve.map((m) => m.uidl)).toEqual(['small']);
    expect(p.headersOnly.map((m) => m.uidl)).toEqual(['huge']);
    expect(p.dele).toEqual([]);
  });

  it('completes a headers-only message when the user asks for it', () => {
    const p = plan(
      { mode: 'delete' },
      { big: committed({ partial: true, fetchRequested: true }) },
      ['big'],
      10,
    );
    expect(p.complete.map((m) => m.uidl)).toEqual(['big']);
  });

  it('marks known messages missing from the server as vanished and flags a possible UIDL change', () => {
    const p = plan({ mode: 'keep' }, { a: committed(), g: committed({ state: 'gone' }) }, ['x']);
    expect(p.vanished).toEqual(['a']);
    expect(p.possibleUidlChange).toBe(true);
    expect(plan({ mode: 'keep' }, { a: committed() }, []).possibleUidlChange).toBe(false);
  });
});

describe('a plan after renamed UIDLs were relinked', () => {
  it('is a new plan: relinked messages leave retrieve and headersOnly, the given plan is unchanged', () => {
    const before = plan({ mode: 'keep' }, {}, ['a', 'b', 'c', 'big'], 3500);
    const snapshot = structuredClone(before);
    const [a, b] = before.retrieve;
    const [big] = before.headersOnly;
    const after = withRelinked(before, [
      { m: a!, partial: false },
      { m: b!, partial: true },
      { m: big!, partial: false },
    ]);
    expect(before).toEqual(snapshot);
    expect(after).not.toBe(before);
    expect(after.retrieve.map((m) => m.uidl)).toEqual(['c']);
    expect(after.headersOnly).toEqual([]);
    // A new message linked to a headers-only copy still needs its body: RETR to complete it.
    expect(after.complete.map((m) => m.uidl)).toEqual(['b']);
    expect(after.kept).toBe(before.kept + 2);
  });

  it('is the same plan when nothing was relinked', () => {
    const before = plan({ mode: 'keep' }, {}, ['a']);
    expect(withRelinked(before, [])).toBe(before);
  });
});
