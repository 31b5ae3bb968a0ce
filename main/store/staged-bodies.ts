// Large bodies written to the store as they arrive: chunks of a staged blob, each in its own short
// transaction, adopted by the message's commit (in that commit's transaction) or removed. A staged
// blob is never a message: a crash or a dropped connection mid-retrieval leaves at most one,
// removed when that account's next sync starts (or next stages a body). Reading streams the chunks back in order.

import type Database from 'better-sqlite3';
import { StoreError } from './store-error';

/** A body staged in the store: what a commit needs to adopt it and to describe it. */
export interface StagedBody {
  readonly blobId: number;
  /** Octets staged (the whole body). */
  readonly size: number;
}

export interface BodyStager {
  /** Appends bytes to the staged body (copied: the caller may reuse its buffer). */
  append(bytes: Uint8Array): void;
  /** The body as staged so far; no more appends. */
  finish(): StagedBody;
  /** Removes the staged body unless a commit adopted it. */
  discard(): void;
}

export interface StagedBodies {
  /** Starts a staged body for the account, first removing its staged bodies left from before. */
  stage(accountId: number): BodyStager;
  /**
   * Removes the account's staged bodies that no live stager of this process holds (a crashed
   * process's). Call with the account's sync lock held, so no other process is staging for it.
   * Returns how many were removed.
   */
  removeLeftovers(accountId: number): number;
  /**
   * Inside a commit's transaction: makes the staged body the message's. Throws StoreError
   * 'integrity' unless it is still staged and holds exactly `size` octets.
   */
  adopt(body: StagedBody, messageId: number): void;
  /** Whether the message's bytes are chunked (then message_raw has no row for it). */
  isChunked(messageId: number): boolean;
  /** The message's chunks in order; empty when its body is not chunked. Reads one at a time. */
  chunks(messageId: number): IterableIterator<Buffer>;
}

/** Bytes per stored chunk: one SQLite row, a few hundred pages. */
export const CHUNK_OCTETS = 1024 * 1024;

export function createStagedBodies(db: Database.Database): StagedBodies {
  // Staged by this process and not yet adopted or discarded: another stage() must keep them.
  const live = new Set<number>();
  const dropLeftovers = db.prepare<[number, string]>(
    `DELETE FROM raw_blobs WHERE account_id = ? AND message_id IS NULL
       AND id NOT IN (SELECT value FROM json_each(?))`,
  );
  const newBlob = db.prepare<[number]>('INSERT INTO raw_blobs (account_id) VALUES (?)');
  const insertChunk = db.prepare<[number, number, Buffer]>(
    'INSERT INTO raw_chunks (blob_id, seq, data) VALUES (?, ?, ?)',
  );
  const grow = db.prepare<[number, number]>(
    'UPDATE raw_blobs SET size = size + ?, chunks = chunks + 1 WHERE id = ?',
  );
  const discard = db.prepare<[number]>('DELETE FROM raw_blobs WHERE id = ? AND message_id IS NULL');
  const adopt = db.prepare<[number, number, number]>(
    'UPDATE raw_blobs SET message_id = ? WHERE id = ? AND message_id IS NULL AND size = ?',
  );
  const blobOf = db.prepare<[number], { id: number; chunks: number }>(
    'SELECT id, chunks FROM raw_blobs WHERE message_id = ?',
  );
  // One chunk per query, not an open cursor: the connection stays free between chunks.
  const chunkAt = db.prepare<[number, number], { data: Buffer }>(
    'SELECT data FROM raw_chunks WHERE blob_id = ? AND seq = ?',
  );
  const writeChunk = db.transaction((blobId: number, seq: number, data: Buffer) => {
    insertChunk.run(blobId, seq, data);
    grow.run(data.length, blobId);
  });
  const begin = db.transaction((accountId: number) => {
    dropLeftovers.run(accountId, JSON.stringify([...live]));
    return Number(newBlob.run(accountId).lastInsertRowid);
  });

  return {
    removeLeftovers: (accountId) => dropLeftovers.run(accountId, JSON.stringify([...live])).changes,
    stage(accountId) {
      const blobId = begin(accountId);
      live.add(blobId);
      let pending = Buffer.allocUnsafe(CHUNK_OCTETS);
      let used = 0;
      let seq = 0;
      let size = 0;
      let done = false;
      const flush = () => {
        if (used === 0) return;
        // A copy of exactly the used bytes: the pending buffer is reused for the next chunk.
        writeChunk(blobId, seq++, Buffer.from(pending.subarray(0, used)));
        size += used;
        used = 0;
      };
      return {
        append(bytes) {
          if (done) throw new StoreError('integrity', `staged body ${blobId} is finished`);
          for (let at = 0; at < bytes.length;) {
            const n = Math.min(bytes.length - at, CHUNK_OCTETS - used);
            pending.set(bytes.subarray(at, at + n), used);
            used += n;
            at += n;
            if (used === CHUNK_OCTETS) flush();
          }
        },
        finish() {
          if (!done) {
            flush();
            done = true;
            pending = Buffer.alloc(0);
          }
          return { blobId, size };
        },
        discard() {
          done = true;
          pending = Buffer.alloc(0);
          live.delete(blobId);
          discard.run(blobId);
        },
      };
    },
    adopt(body, messageId) {
      if (adopt.run(messageId, body.blobId, body.size).changes !== 1) {
        throw new StoreError(
          'integrity',
          `staged body ${body.blobId} is gone, adopted already, or not ${body.size} octets`,
        );
      }
      live.delete(body.blobId);
    },
    isChunked: (messageId) => blobOf.get(messageId) !== undefined,
    *chunks(messageId) {
      const blob = blobOf.get(messageId);
      if (!blob) return;
      for (let seq = 0; seq < blob.chunks; seq++) {
        const row = chunkAt.get(blob.id, seq);
        if (!row)
          throw new StoreError('integrity', `chunk ${seq} of message ${messageId} is missing`);
        yield row.data;
      }
    },
  };
}
