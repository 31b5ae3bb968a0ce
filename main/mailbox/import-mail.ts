// Imports mbox files and .eml files into a folder: each message in its own transaction, so a
// crash loses at most the message being stored, and running the same import again stores only
// what is missing (the store skips a message whose Message-ID and content the folder holds).
// An entry that cannot be read is reported and the import goes on.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ImportProblem, ImportProgress, ImportReport } from '../../shared/model/folder';
import { parseMessage } from '../mime';
import type { Store } from '../store';
import { readMbox } from './mboxrd';

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

async function wholeOf(source: ImportSource, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source.chunks()) {
    length += chunk.byteLength;
    if (length > limit) throw new Error(`larger than ${limit} bytes`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
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
  const store1 = async (raw: Buffer) => {
    if (raw.length === 0) throw new Error('empty message');
    const sha256 = createHash('sha256').update(raw).digest('hex');
    // Resuming: what is there already costs a hash, not a parse.
    if (store.isImported(folderId, sha256)) {
      report.duplicates++;
    } else {
      const parsed = await parseMessage(raw);
      if (store.importMessage({ folderId, raw, parsed }).inserted) report.stored++;
      else report.duplicates++;
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
        for await (const item of readMbox(source.chunks(), { maxMessageBytes: max })) {
          const where = `${source.name} #${item.index}`;
          if ('error' in item) problem({ source: where, reason: item.error });
          else {
            try {
              await store1(item.raw);
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
        await store1(await wholeOf(source, max));
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
