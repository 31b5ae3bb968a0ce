// Imports mbox files and .eml files into a folder: each message in its own transaction, so a
// crash loses at most the message being stored, and running the same import again stores only
// what is missing (the store skips a message whose Message-ID and content the folder holds).
// An entry that cannot be read is reported and the import goes on. A message over
// WHOLE_PARSE_OCTETS is staged in the store in chunks as it is read, as the sync stages a large
// body, and never held whole.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ImportProblem, ImportProgress, ImportReport } from '../../shared/model/folder';
import { parseMessage, SUMMARY_PARSE_LIMIT, WHOLE_PARSE_OCTETS } from '../mime';
import type { StagedBody, Store } from '../store';
import { readMbox, type MboxSpill } from './mboxrd';

/** One message bigger than this is reported, not imported (the sync's own cap is smaller). */
export const MAX_IMPORT_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface ImportSource {
  /** How problems name it: a file name. */
  name: string;
  /** Reads the bytes in chunks (a file stream, or an upload already in memory). */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface ImportOptions {
  onProgress?(progress: ImportProgress): void;
  maxMessageBytes?: number;
}

const FROM_ = Buffer.from('From ');

export function fileSource(path: string): ImportSource {
  return {
    name: basename(path),
    chunks: () => createReadStream(path, { highWaterMark: 1024 * 1024 }),
  };
}

export function bytesSource(name: string, bytes: Uint8Array): ImportSource {
  return {
    name,
    async *chunks() {
      for (let i = 0; i < bytes.byteLength; i += 1024 * 1024) {
        yield bytes.subarray(i, i + 1024 * 1024);
      }
    },
  };
}

async function firstBytes(source: ImportSource, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source.chunks()) {
    parts.push(Buffer.from(chunk));
    length += chunk.byteLength;
    if (length >= n) break;
  }
  return Buffer.concat(parts).subarray(0, n);
}

/**
 * Imports stage their large bodies under this account id, which no account has (ids start at 1):
 * a body left by a crashed import is removed when the next import stages one; one another
 * process's import is still staging is kept (imports hold no lock; each blob names its writer).
 */
const IMPORT_STAGING = 0;
/** What parsing reads of a staged message (one octet more, so the parser cuts where it would). */
const HEAD_OCTETS = SUMMARY_PARSE_LIMIT + 1;

/** A large message staged in the store as it was read, with what its import needs. */
interface Staged {
  body: StagedBody;
  head: Buffer;
  sha256: string;
  /** Removes the staged body unless the import adopted it. */
  discard(): void;
}

function stagingSpill(store: Store): MboxSpill<Staged> {
  const stager = store.stagedBodies.stage(IMPORT_STAGING);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  return {
    append(bytes) {
      hash.update(bytes);
      if (headLength < HEAD_OCTETS) {
        const part = Buffer.from(bytes.subarray(0, HEAD_OCTETS - headLength));
        head.push(part);
        headLength += part.length;
      }
      stager.append(bytes);
    },
    finish: () => ({
      body: stager.finish(),
      head: Buffer.concat(head),
      sha256: hash.digest('hex'),
      discard: () => stager.discard(),
    }),
    discard: () => stager.discard(),
  };
}

/** A whole .eml file: in memory, or staged once it outgrows WHOLE_PARSE_OCTETS. */
async function wholeOf(
  source: ImportSource,
  limit: number,
  spill: () => MboxSpill<Staged>,
): Promise<Buffer | Staged> {
  let parts: Buffer[] = [];
  let length = 0;
  let staging: MboxSpill<Staged> | null = null;
  try {
    for await (const chunk of source.chunks()) {
      length += chunk.byteLength;
      if (length > limit) throw new Error(`larger than ${limit} bytes`);
      if (staging) {
        staging.append(chunk);
        continue;
      }
      parts.push(Buffer.from(chunk));
      if (length > WHOLE_PARSE_OCTETS) {
        staging = spill();
        for (const part of parts) staging.append(part);
        parts = [];
      }
    }
    return staging ? staging.finish() : Buffer.concat(parts);
  } catch (error) {
    staging?.discard();
    throw error;
  }
}

export async function importMail(
  store: Store,
  folderId: number,
  sources: readonly ImportSource[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const max = options.maxMessageBytes ?? MAX_IMPORT_MESSAGE_BYTES;
  const report: ImportReport = { read: 0, stored: 0, duplicates: 0, problems: [] };
  const problem = (p: ImportProblem) => {
    report.problems.push(p);
    report.read++;
  };
  const spill = () => stagingSpill(store);
  const store1 = async (message: Buffer | Staged) => {
    const staged = Buffer.isBuffer(message) ? null : message;
    try {
      if (!staged && (message as Buffer).length === 0) throw new Error('empty message');
      const sha256 =
        staged?.sha256 ??
        createHash('sha256')
          .update(message as Buffer)
          .digest('hex');
      // Resuming: what is there already costs a hash, not a parse.
      if (store.isImported(folderId, sha256)) {
        report.duplicates++;
      } else {
        const parsed = await parseMessage(staged ? staged.head : (message as Buffer));
        const input = staged
          ? { folderId, raw: staged.body, sha256, adopt: store.stagedBodies.adopt, parsed }
          : { folderId, raw: message as Buffer, parsed };
        if (store.importMessage(input).inserted) report.stored++;
        else report.duplicates++;
      }
    } finally {
      // After an adoption this removes nothing: the body is the message's.
      staged?.discard();
    }
    report.read++;
    options.onProgress?.({
      read: report.read,
      stored: report.stored,
      duplicates: report.duplicates,
    });
  };

  for (const source of sources) {
    let head: Buffer;
    try {
      head = await firstBytes(source, FROM_.length);
    } catch (error) {
      problem({ source: source.name, reason: reasonOf(error) });
      continue;
    }
    if (head.equals(FROM_)) {
      try {
        const reading = readMbox(source.chunks(), {
          maxMessageBytes: max,
          spill: { octets: WHOLE_PARSE_OCTETS, start: spill },
        });
        for await (const item of reading) {
          const where = `${source.name} #${item.index}`;
          if ('error' in item) problem({ source: where, reason: item.error });
          else {
            try {
              await store1('raw' in item ? item.raw : item.spilled);
            } catch (error) {
              problem({ source: where, reason: reasonOf(error) });
            }
          }
        }
      } catch (error) {
        problem({ source: source.name, reason: reasonOf(error) });
      }
    } else {
      try {
        await store1(await wholeOf(source, max, spill));
      } catch (error) {
        problem({ source: source.name, reason: reasonOf(error) });
      }
    }
  }
  return report;
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String(error.code);
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'is a folder, not a file';
  }
  return error instanceof Error ? error.message : String(error);
}
