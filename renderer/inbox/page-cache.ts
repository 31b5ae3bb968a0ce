// The message list's window onto the store: fixed-size pages fetched as rows come into view, so
// 100,000 messages never cross the bridge at once. Never shows rows from an older query: answers
// that arrive after a reset are dropped.
import type { MessagePage, MessageSummary } from '../../shared/model/message';
import type { AppError, Result } from '../../shared/result';

export type PageFetcher = (offset: number, limit: number) => Promise<Result<MessagePage>>;

export const PAGE_SIZE = 200;

export class MessagePageCache {
  private pages = new Map<number, { rows: MessageSummary[]; generation: number }>();
  private inflight = new Set<number>();
  /** Pages that failed in this generation: not asked again until a reset or refresh. */
  private failed = new Set<number>();
  private generation = 0;
  /** How many rows match, once the first page answered. */
  total: number | null = null;
  error: AppError | null = null;

  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly onChange: () => void,
    readonly pageSize = PAGE_SIZE,
  ) {}

  rowAt(index: number): MessageSummary | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.rows[index % this.pageSize];
  }

  /** The loaded rows from start to end (inclusive); unloaded ones are skipped. */
  rowsBetween(start: number, end: number): MessageSummary[] {
    const rows: MessageSummary[] = [];
    for (let i = Math.max(0, start); i <= end; i++) {
      const row = this.rowAt(i);
      if (row) rows.push(row);
    }
    return rows;
  }

  indexOf(id: number): number | null {
    for (const [page, { rows }] of this.pages) {
      const at = rows.findIndex((row) => row.id === id);
      if (at >= 0) return page * this.pageSize + at;
    }
    return null;
  }

  /** Forgets everything: the query changed. */
  reset(): void {
    this.generation++;
    this.pages.clear();
    this.inflight.clear();
    this.failed.clear();
    this.total = null;
    this.error = null;
    this.onChange();
  }

  /** Loads the pages holding rows start..end that are neither loaded nor on their way. */
  ensure(start: number, end: number): void {
    for (const page of this.pagesOf(start, end)) {
      if (this.pages.has(page) || this.inflight.has(page) || this.failed.has(page)) continue;
      this.inflight.add(page);
      const generation = this.generation;
      void this.fetchPage(page * this.pageSize, this.pageSize).then((result) => {
        if (generation !== this.generation) return;
        this.inflight.delete(page);
        this.accept(page, generation, result);
        this.onChange();
      });
    }
  }

  /**
   * Re-reads the pages holding rows start..end (the store changed). The old rows stay on screen
   * until the new ones arrive; then every page not re-read is dropped, to be fetched when seen.
   */
  refresh(start: number, end: number): Promise<void> {
    const generation = ++this.generation;
    this.inflight.clear();
    this.failed.clear();
    const pages = this.pagesOf(start, end);
    for (const page of pages) this.inflight.add(page);
    return Promise.all(
      pages.map(
        async (page) => [page, await this.fetchPage(page * this.pageSize, this.pageSize)] as const,
      ),
    ).then((answers) => {
      if (generation !== this.generation) return;
      for (const [page, result] of answers) {
        this.inflight.delete(page);
        this.accept(page, generation, result);
      }
      for (const [page, entry] of this.pages)
        if (entry.generation !== generation) this.pages.delete(page);
      this.onChange();
    });
  }

  /** Changes a loaded row in place (read flag after opening it, say). */
  patch(id: number, change: Partial<MessageSummary>): void {
    for (const { rows } of this.pages.values()) {
      const at = rows.findIndex((row) => row.id === id);
      const row = rows[at];
      if (row) {
        rows[at] = { ...row, ...change };
        this.onChange();
        return;
      }
    }
  }

  private accept(page: number, generation: number, result: Result<MessagePage>): void {
    if (result.ok) {
      this.pages.set(page, { rows: result.value.items, generation });
      this.total = result.value.total;
      this.error = null;
    } else {
      this.failed.add(page);
      this.error = result.error;
      if (this.total === null) this.total = 0;
    }
  }

  private pagesOf(start: number, end: number): number[] {
    const first = Math.floor(Math.max(0, start) / this.pageSize);
    const last = Math.max(first, Math.floor(Math.max(0, end) / this.pageSize));
    const pages: number[] = [];
    for (let page = first; page <= last; page++) pages.push(page);
    return pages;
  }
}
