// RETR (or TOP n 0) into one buffer, or, once a body outgrows STAGE_OCTETS, into the store as it
// arrives (a staged body, adopted by the message's commit). LIST's size is only a hint: the first
// allocation is capped and the buffer grows with what actually arrives, so a lying server cannot
// make Popline allocate; past the threshold memory stays at the head kept for parsing plus a chunk.
import { createHash } from 'node:crypto';
import { SUMMARY_PARSE_LIMIT } from '../mime';
import type { Pop3Client } from '../pop3';
import type { BodyStager, StagedBody } from '../store';

/** The first buffer for a RETR: LIST sizes are hints from the server, never allocation sizes. */
const INITIAL_BUFFER_CAP = 4 * 1024 * 1024;
/** A body larger than this goes to the store in chunks as it arrives, not into one buffer. */
export const STAGE_OCTETS = 8 * 1024 * 1024;
/** What parsing reads of a message (one octet more, so the parser cuts where it would anyway). */
const HEAD_OCTETS = SUMMARY_PARSE_LIMIT + 1;

export interface Retrieved {
  /** The whole message in memory, or staged in the store. */
  bytes: Buffer | StagedBody;
  /** Its first octets: the whole message when in memory; enough to parse its summary if staged. */
  head: Buffer;
  size: number;
  sha256: string;
  /** Removes a staged body no commit adopted (nothing for one in memory). */
  discard(): void;
}

export async function readMessage(
  client: Pop3Client,
  f: { n: number; size: number },
  headersOnly: boolean,
  stage?: () => BodyStager,
): Promise<Retrieved> {
  const hint = headersOnly ? 8192 : Math.min(Math.max(f.size, 1024), INITIAL_BUFFER_CAP);
  let buf = Buffer.allocUnsafe(Number.isSafeInteger(hint) ? hint : 1024);
  let used = 0;
  let size = 0;
  let stager: BodyStager | null = null;
  let head: Buffer | null = null;
  const hash = createHash('sha256');
  const sink = (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
    if (stager) {
      stager.append(chunk);
      return;
    }
    if (stage && used + chunk.length > STAGE_OCTETS) {
      stager = stage();
      stager.append(buf.subarray(0, used));
      stager.append(chunk);
      head = Buffer.from(buf.subarray(0, Math.min(used, HEAD_OCTETS)));
      buf = Buffer.alloc(0);
      used = 0;
      return;
    }
    if (used + chunk.length > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, used + chunk.length));
      buf.copy(bigger, 0, 0, used);
      buf = bigger;
    }
    chunk.copy(buf, used);
    used += chunk.length;
  };
  const discard = () => (stager as BodyStager | null)?.discard();
  try {
    if (headersOnly) await client.top(f.n, 0, sink);
    // LIST's size bounds the body (with the engine's margin) when it is a plausible number.
    else
      await client.retr(f.n, sink, Number.isSafeInteger(f.size) ? { expectedOctets: f.size } : {});
  } catch (e) {
    discard();
    throw e;
  }
  const sha256 = hash.digest('hex');
  const staged = stager as BodyStager | null;
  if (staged && head) return { bytes: staged.finish(), head, size, sha256, discard };
  const whole = buf.subarray(0, used);
  return { bytes: whole, head: whole, size, sha256, discard };
}
