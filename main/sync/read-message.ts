// RETR (or TOP n 0) into one buffer. LIST's size is only a hint: the first allocation is capped
// and the buffer grows with what actually arrives, so a lying server cannot make Popline allocate.
import type { Pop3Client } from '../pop3';

/** The first buffer for a RETR: LIST sizes are hints from the server, never allocation sizes. */
const INITIAL_BUFFER_CAP = 4 * 1024 * 1024;

export async function readMessage(
  client: Pop3Client,
  f: { n: number; size: number },
  headersOnly: boolean,
): Promise<Buffer> {
  const hint = headersOnly ? 8192 : Math.min(Math.max(f.size, 1024), INITIAL_BUFFER_CAP);
  let buf = Buffer.allocUnsafe(Number.isSafeInteger(hint) ? hint : 1024);
  let used = 0;
  const sink = (chunk: Buffer) => {
    if (used + chunk.length > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, used + chunk.length));
      buf.copy(bigger, 0, 0, used);
      buf = bigger;
    }
    chunk.copy(buf, used);
    used += chunk.length;
  };
  if (headersOnly) await client.top(f.n, 0, sink);
  // LIST's size bounds the body (with the engine's margin) when it is a plausible number.
  else await client.retr(f.n, sink, Number.isSafeInteger(f.size) ? { expectedOctets: f.size } : {});
  return buf.subarray(0, used);
}
