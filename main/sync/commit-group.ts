// Groups the commits of retrieved messages: several messages share one transaction, so what a
// commit costs beyond its rows (WAL frames of the index pages, a full-text segment, a checkpoint
// now and then) is paid once per group, not once per message. Each message's work runs in its own
// savepoint, so one that fails is undone alone; each caller learns its result only once the whole
// group's transaction has committed: the sync sends a message's DELE after that, never before.

export interface CommitGroupOptions {
  /** Runs fn as one transaction (nested transactions inside it become savepoints). */
  transaction<T>(fn: () => T): T;
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
    const outcomes: Array<{ value: unknown } | { error: unknown }> = [];
    try {
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
    } catch (error) {
      // The group's COMMIT (or the log written first) failed: none of it is stored.
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
}
