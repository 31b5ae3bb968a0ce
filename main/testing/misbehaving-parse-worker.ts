// A parse worker for the pool's tests: parses like the real one, except for messages whose first
// line is one of the markers below. Never used outside tests.
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread, resourceLimits } from 'node:worker_threads';
import { installConcatBlob } from '../mime/concat-blob';
import { parseMessage } from '../mime/parse-message';
import { serveParseRequests } from '../mime/parse-worker-protocol';

export const HANG_MARKER = 'X-Test-Parse: hang';
export const EXIT_MARKER = 'X-Test-Parse: exit';
export const THROW_MARKER = 'X-Test-Parse: uncaught';
/** Answers with the worker's own heap limits and young generation in the subject, as JSON. */
export const HEAP_MARKER = 'X-Test-Parse: heap';

function startsWith(raw: Uint8Array, marker: string): boolean {
  return Buffer.from(raw.subarray(0, marker.length)).toString('latin1') === marker;
}

if (!isMainThread) {
  installConcatBlob();
  serveParseRequests(async (raw) => {
    // Blocks the thread for good without spinning a core, like a parser stuck in a loop.
    if (startsWith(raw, HANG_MARKER)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    if (startsWith(raw, EXIT_MARKER)) process.exit(7);
    if (startsWith(raw, THROW_MARKER)) {
      // An exception nobody catches, thrown while this message is still being parsed.
      setImmediate(() => {
        throw new Error('parser blew up');
      });
      return new Promise<never>(() => undefined);
    }
    if (startsWith(raw, HEAP_MARKER)) {
      const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      const subject = JSON.stringify({ resourceLimits, newSpaceBytes: newSpace?.space_size });
      return { ...(await parseMessage(raw)), subject };
    }
    return parseMessage(raw);
  });
}
