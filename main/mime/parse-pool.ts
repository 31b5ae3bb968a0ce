// Parses retrieved messages on worker threads, so the sync's thread only speaks POP3 and commits.
// Never throws and never waits forever: a parse that hangs or kills its worker yields the same
// header-only summary parseMessage gives for a message it cannot parse, saying why.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import type { ParsedMessage } from './mime-types';
import { parseMessage, summaryPrefix, unparsedSummary } from './parse-message';
import type { ParseReply, ParseRequest, ParseWorkerData } from './parse-worker-protocol';
import { describeError } from './postal-read';

export interface ParsePoolOptions {
  /** Worker threads (default 1: the sync's own thread stays busy with POP3 and SQLite). */
  workers?: number;
  /** How long one message may take once its worker has started on it (default 30 s). */
  timeoutMs?: number;
  /** Messages copied and posted to one worker ahead of its replies (default 8); the rest wait
   * in the pool, uncopied, in the order they came. */
  perWorker?: number;
  /** A worker left with nothing to do is stopped after this long (default 30 s; Infinity keeps
   * it); the next parse starts a new one. */
  idleMs?: number;
  /** The worker script, .ts beside the source or .mjs beside a bundle (tests pass their own). */
  workerUrl?: URL;
}

export interface ParsePool {
  /** The summary of one message. Never rejects; the caller's bytes are copied, never taken. */
  parse(raw: Uint8Array): Promise<ParsedMessage>;
  /** Stops the workers; parses still pending, and any asked for later, run in this thread. */
  close(): Promise<void>;
  /** Why parses run in this thread because no worker could start here; null while workers run. */
  readonly inThreadReason: string | null;
}

// Run from source (tsx, vitest) this file is .ts; bundled (scripts/build-app.ts) it is main.mjs,
// with the worker bundled beside it as parse-worker.mjs.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
export const PARSE_WORKER_URL = unpackedFromAsar(
  new URL(FROM_SOURCE ? './parse-worker.ts' : './parse-worker.mjs', import.meta.url),
);

/** Worker threads cannot start from inside an asar archive: electron-builder unpacks the worker. */
export function unpackedFromAsar(url: URL): URL {
  return url.protocol === 'file:' && url.pathname.includes('/app.asar/')
    ? new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/'))
    : url;
}

/** A worker that dies this many times before it is ready means workers cannot run here. */
const MAX_FAILED_STARTS = 3;

interface Job {
  id: number;
  raw: Uint8Array;
  resolve: (parsed: ParsedMessage) => void;
}

interface Slot {
  worker: Worker | null;
  replies: MessagePort | null;
  ready: boolean;
  /** Posted to the worker and not answered yet, oldest (the one being parsed) first. */
  inflight: Job[];
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  lastError: string | null;
  failedStarts: number;
}

function tsxLoaderApi(): string {
  // Node 20 ignores a module loader given in a Worker's execArgv, so the worker registers tsx itself.
  const require = createRequire(import.meta.url);
  const tsxRoot = dirname(require.resolve('tsx/package.json'));
  return pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * The worker's young generation, MiB. V8 grew its semi-spaces to 8 MiB in bench:sync, which a
 * parse, whose garbage dies within one message, never needs: 3 keeps 2 MiB of them (about 1 MiB
 * less peak RSS there; a bound on what a run of odd messages can make V8 grow it to).
 */
export const PARSE_WORKER_YOUNG_GENERATION_MB = 3;

function startWorker(url: URL, replies: MessagePort): Worker {
  const workerData: ParseWorkerData = { replies };
  const options = {
    workerData,
    transferList: [replies],
    execArgv: [] as string[],
    resourceLimits: { maxYoungGenerationSizeMb: PARSE_WORKER_YOUNG_GENERATION_MB },
  };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const boot = `import(${JSON.stringify(tsxLoaderApi())}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

class WorkerParsePool implements ParsePool {
  private readonly waiting: Job[] = [];
  private readonly slots: Slot[];
  private readonly timeoutMs: number;
  private readonly perWorker: number;
  private readonly idleMs: number;
  private readonly workerUrl: URL;
  private nextId = 1;
  private closed = false;
  /** Why workers cannot start here; from then on every parse runs in this thread. */
  private broken: string | null = null;

  constructor(options: ParsePoolOptions) {
    const count = Math.max(1, Math.floor(options.workers ?? 1));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.perWorker = Math.max(1, Math.floor(options.perWorker ?? 8));
    this.idleMs = options.idleMs ?? 30_000;
    this.workerUrl = options.workerUrl ?? PARSE_WORKER_URL;
    this.slots = Array.from({ length: count }, () => ({
      worker: null,
      replies: null,
      ready: false,
      inflight: [],
      timer: null,
      idleTimer: null,
      lastError: null,
      failedStarts: 0,
    }));
  }

  get inThreadReason(): string | null {
    return this.broken;
  }

  parse(raw: Uint8Array): Promise<ParsedMessage> {
    if (this.closed || this.broken !== null) return parseMessage(raw);
    return new Promise((resolve) => {
      this.waiting.push({ id: this.nextId++, raw, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = this.slots.map((slot) => {
      const worker = slot.worker;
      this.waiting.unshift(...slot.inflight.splice(0));
      this.detach(slot);
      return worker?.terminate();
    });
    this.parseHere(this.waiting.splice(0));
    await Promise.all(stopping);
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.reduce((a, b) => (b.inflight.length < a.inflight.length ? b : a));
      if (slot.inflight.length >= this.perWorker) return;
      const job = this.waiting.shift();
      if (job) this.post(slot, job);
    }
  }

  private post(slot: Slot, job: Job): void {
    const worker = slot.worker ?? this.start(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const prefix = summaryPrefix(job.raw);
    // A fresh buffer of its own, transferred: the caller still needs raw for the commit.
    const bytes = new ArrayBuffer(prefix.byteLength);
    new Uint8Array(bytes).set(prefix);
    const request: ParseRequest = { id: job.id, bytes };
    slot.inflight.push(job);
    worker.postMessage(request, [bytes]);
    worker.ref();
    this.arm(slot);
  }

  private start(slot: Slot): Worker {
    const { port1, port2 } = new MessageChannel();
    const worker = startWorker(this.workerUrl, port2);
    slot.worker = worker;
    slot.replies = port1;
    slot.ready = false;
    slot.lastError = null;
    port1.on('message', (reply: ParseReply) => this.onReply(slot, worker, reply));
    port1.unref();
    worker.on('error', (error) => {
      if (slot.worker === worker) slot.lastError = describeError(error);
    });
    worker.on('exit', (code) => this.onExit(slot, worker, code));
    worker.unref();
    return worker;
  }

  /** The time limit runs for the oldest unanswered message only: the worker takes them in order. */
  private arm(slot: Slot): void {
    const head = slot.inflight[0];
    if (!slot.ready || slot.timer || !head) return;
    const id = head.id;
    slot.timer = setTimeout(() => this.onTimeout(slot, id), this.timeoutMs);
    slot.timer.unref();
  }

  private onReply(slot: Slot, worker: Worker, reply: ParseReply): void {
    if (slot.worker !== worker) return;
    if (reply.kind === 'ready') {
      slot.ready = true;
      slot.failedStarts = 0;
      this.arm(slot);
      return;
    }
    const at = slot.inflight.findIndex((job) => job.id === reply.id);
    const job = slot.inflight[at];
    if (!job) return;
    slot.inflight.splice(at, 1);
    if (at === 0 && slot.timer) {
      clearTimeout(slot.timer);
      slot.timer = null;
    }
    job.resolve(
      reply.kind === 'parsed'
        ? reply.parsed
        : unparsedSummary(job.raw, `the MIME parser failed: ${reply.error}`),
    );
    this.settled(slot);
  }

  /** After a reply: the next message's time limit, more work, or an idle worker set to stop. */
  private settled(slot: Slot): void {
    this.arm(slot);
    this.pump();
    const worker = slot.worker;
    if (!worker || slot.inflight.length > 0) return;
    worker.unref();
    if (Number.isFinite(this.idleMs) && !slot.idleTimer) {
      slot.idleTimer = setTimeout(() => {
        slot.idleTimer = null;
        if (slot.worker !== worker || slot.inflight.length > 0) return;
        this.detach(slot);
        void worker.terminate();
      }, this.idleMs);
      slot.idleTimer.unref();
    }
  }

  /** Replies already queued behind a busy event loop count before the worker is blamed. */
  private drainReplies(slot: Slot): void {
    const worker = slot.worker;
    const port = slot.replies;
    if (!worker || !port) return;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      this.onReply(slot, worker, m.message as ParseReply);
      if (slot.worker !== worker) return;
    }
  }

  private onTimeout(slot: Slot, id: number): void {
    slot.timer = null;
    this.drainReplies(slot);
    if (slot.inflight[0]?.id !== id) return;
    this.replaceWorker(
      slot,
      `the MIME parser took longer than ${this.timeoutMs} ms and was stopped`,
    );
  }

  private onExit(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return; // stopped or replaced on purpose
    this.drainReplies(slot);
    if (slot.worker !== worker) return;
    const why = slot.lastError ?? `exit code ${code}`;
    if (!slot.ready) {
      // It died before it could parse anything: no message is to blame.
      slot.failedStarts++;
      this.waiting.unshift(...slot.inflight.splice(0));
      this.detach(slot);
      if (slot.failedStarts >= MAX_FAILED_STARTS) {
        this.broken = why;
        for (const other of this.slots) this.waiting.unshift(...other.inflight.splice(0));
        this.parseHere(this.waiting.splice(0));
        return;
      }
      this.pump();
      return;
    }
    if (slot.inflight.length === 0) {
      this.detach(slot); // the next parse starts a new one
      return;
    }
    this.replaceWorker(slot, `the MIME parser's worker thread stopped (${why})`);
  }

  /** The oldest message gets the fallback summary; the rest were never started and go again. */
  private replaceWorker(slot: Slot, reason: string): void {
    const worker = slot.worker;
    const blamed = slot.inflight.shift();
    this.waiting.unshift(...slot.inflight.splice(0));
    this.detach(slot);
    void worker?.terminate();
    blamed?.resolve(unparsedSummary(blamed.raw, reason));
    this.pump();
  }

  private detach(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.replies?.close();
    slot.worker = null;
    slot.replies = null;
    slot.ready = false;
    slot.timer = null;
    slot.idleTimer = null;
  }

  private parseHere(jobs: Job[]): void {
    for (const job of jobs) void parseMessage(job.raw).then(job.resolve);
  }
}

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  return new WorkerParsePool(options);
}

let shared: ParsePool | null = null;

/** Parses on the process's one shared pool, started on first use; its idle worker stops itself. */
export function parseInWorker(raw: Uint8Array): Promise<ParsedMessage> {
  shared ??= createParsePool();
  return shared.parse(raw);
}
