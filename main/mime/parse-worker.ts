// Entry of a parse worker thread: postal-mime with a Blob that joins its parts once, serving the pool.
// Never imported by the main thread: it replaces globalThis.Blob for the whole thread it runs in.
import { installConcatBlob } from './concat-blob';
import { parseMessage } from './parse-message';
import { serveParseRequests } from './parse-worker-protocol';

installConcatBlob();
serveParseRequests(parseMessage);
