// Groups the commits of retrieved messages: several messages share one transaction, so what a
// commit costs beyond its rows (WAL frames of the index pages, a full-text segment, a checkpoint
// now and then) is paid once per group, not once per message. A group first runs without
// savepoints; if any message's work throws, that attempt is undone whole and the group runs again
// with each message in its own savepoint, so one that fails is undone alone. Each caller learns its
// result only once the whole group's transaction has committed: the sync sends a message's DELE
// after that, never before.

export interface CommitGroupOptions {
  /** Runs fn as one transaction (nested transactions inside it become savepoints). */
  transaction<T>(fn: () => T): T;
  /** Runs fn as one transaction without savepoints inside: a throw undoes all of it. */
  allOrNothing?<T>(fn: () => T): T;
  /** Runs first inside each group's transaction (the protocol log so far: one write, not two). */
  before?: () => void;
  /** A group commits when it holds this many messages... */
  maxMessages: number;
  /** ...or this many octets... */
  maxOctets: number;
  /** ...or when its oldest message has waited this long (ms). */
  maxDelayMs: number;
  /** Called with the number of messages after each group's commit (tests, progress). */
  onCommit?: (messages: number) => void;
}

/** One message's work threw during an attempt without savepoints. */
class EntryFailed {}

type Outcome = { value: unknown } | { error: unknown };

interface Entry {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class CommitGroups {
  private entries: Entry[] = [];
  private octets = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CommitGroupOptions) {}

  /** Messages waiting for the next commit. */
  get waiting(): number {
    return this.entries.length;
  }

  /**
   * Queues `work` (a synchronous store write) for the next group. Resolves with its result once
   * that group's transaction has committed; rejects with its own error (the others still commit)
   * or with the commit's error (then nothing of the group was stored).
   */
  add<T>(work: () => T, octets: number): Promise<T> {
    const done = new Promise<T>((resolve, reject) => {
      this.entries.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
    this.octets += octets;
    const o = this.options;
    if (this.entries.length >= o.maxMessages || this.octets >= o.maxOctets) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), o.maxDelayMs);
    return done;
  }

  /** Commits what is waiting now (nothing when nothing waits). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const group = this.entries;
    if (group.length === 0) return;
    this.entries = [];
    this.octets = 0;
    let outcomes: Outcome[];
    try {
      outcomes = this.together(group) ?? this.eachAlone(group);
    } catch (error) {
      // The group's COMMIT (or the log written with it) failed: none of it is stored.
      for (const e of group) e.reject(error);
      return;
    }
    this.options.onCommit?.(group.length);
    group.forEach((e, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) e.reject(outcome.error);
      else e.resolve(outcome.value);
    });
  }

  /** The whole group without savepoints; null when a message's work threw (nothing is kept). */
  private together(group: Entry[]): Outcome[] | null {
    const run = this.options.allOrNothing;
    if (!run) return null;
    try {
      return run(() => {
        const values = group.map((e) => {
          try {
            return { value: e.work() };
          } catch {
            throw new EntryFailed();
          }
        });
        // Last, so an attempt undone for a message's failure never took the log lines with it.
        this.options.before?.();
        return values;
      });
    } catch (error) {
      if (error instanceof EntryFailed) return null;
      throw error;
    }
  }

  /** Each message in its own savepoint: one that throws is undone alone. */
  private eachAlone(group: Entry[]): Outcome[] {
    const outcomes: Outcome[] = [];
    this.options.transaction(() => {
      this.options.before?.();
      for (const e of group) {
        try {
          outcomes.push({ value: this.options.transaction(e.work) });
        } catch (error) {
          outcomes.push({ error });
        }
      }
    });
    return outcomes;
  }
}
