// Writing a stream of pieces to a Node stream with back-pressure, and to a file that appears under
// its name only once whole (a temporary file beside it, renamed): a failed write leaves nothing.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ByteSink } from './platform';

/** A sink writing to `out`, waiting while its buffer is full; throws once `out` failed or closed. */
export function streamSink(out: Writable): ByteSink {
  let failure: Error | null = null;
  out.on('error', (error) => {
    failure = error;
  });
  const closed = () => failure ?? new Error('the output closed before all of it was written');
  return async (bytes) => {
    if (failure || out.destroyed) throw closed();
    if (out.write(bytes)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        out.off('drain', onDrain);
        out.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(closed());
      out.on('drain', onDrain);
      out.on('close', onClose);
    });
  };
}

/** Writes `writeTo`'s pieces to `path` via `${path}.partial`; no file at `path` unless all of it arrived. */
export async function writeFileWhole(
  path: string,
  writeTo: (sink: ByteSink) => Promise<void>,
  mode = 0o600,
): Promise<void> {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { mode });
  try {
    await writeTo(streamSink(out));
    out.end();
    await finished(out);
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
