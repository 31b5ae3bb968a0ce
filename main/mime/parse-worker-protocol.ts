// The messages between the parse pool and its worker threads, and the worker's side of them.
// Never decides how a message is parsed: the worker entry hands in the parse function.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ParsedMessage } from './mime-types';
import { describeError } from './postal-read';

/** One message's bytes, in an ArrayBuffer of their own that is transferred, not copied. */
export interface ParseRequest {
  id: number;
  bytes: ArrayBuffer;
}

export type ParseReply =
  | { kind: 'ready' }
  | { kind: 'parsed'; id: number; parsed: ParsedMessage }
  | { kind: 'failed'; id: number; error: string };

/** Replies go on a port of their own so the pool can read them synchronously before a time-out. */
export interface ParseWorkerData {
  replies: MessagePort;
}

/** Answers the pool's requests one at a time, in order, so the oldest unanswered is the one running. */
export function serveParseRequests(parse: (raw: Uint8Array) => Promise<ParsedMessage>): void {
  const { replies } = workerData as ParseWorkerData;
  if (!parentPort) throw new Error('serveParseRequests runs only in a worker thread');
  const answer = (reply: ParseReply) => replies.postMessage(reply);
  let queue = Promise.resolve();
  parentPort.on('message', (request: ParseRequest) => {
    queue = queue.then(async () => {
      try {
        answer({
          kind: 'parsed',
          id: request.id,
          parsed: await parse(new Uint8Array(request.bytes)),
        });
      } catch (error) {
        answer({ kind: 'failed', id: request.id, error: describeError(error) });
      }
    });
  });
  answer({ kind: 'ready' });
}
