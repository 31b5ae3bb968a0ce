// Every bound the engine puts on what a server sends, in one place. A server decides nothing about
// Popline's memory or time: each limit below ends the session with a typed Pop3Error naming it.

/** Which limit ended a session; carried by Pop3Error.limit so callers need not parse messages. */
export type Pop3Limit =
  | 'line-length'
  | 'reply-lines'
  | 'reply-octets'
  | 'message-octets'
  | 'idle'
  | 'min-progress'
  | 'deadline'
  | 'scram-iterations';

/**
 * Status lines (greeting, +OK/-ERR, SASL challenges). RFC 2449 §4 caps a response line at 512
 * octets; SASL challenges (RFC 5034) may be longer, so 16 times that.
 */
export const MAX_STATUS_LINE_OCTETS = 8 * 1024;

/** One line of a CAPA/UIDL/LIST reply: twice RFC 2449's 512 octets (a UIDL line is at most 83). */
export const MAX_DATA_LINE_OCTETS = 1024;

/** CAPA: real servers send a dozen lines; 256 lines of up to 1 KiB leave room for any of them. */
export const MAX_CAPA_LINES = 256;
export const MAX_CAPA_OCTETS = 64 * 1024;

/**
 * UIDL/LIST when the message count is known (from STAT, or from a LIST already answered in this
 * session: a maildrop cannot grow while it is locked): that count plus a little slack for servers
 * that list a stray line, each line at most this long on average.
 */
export const LISTING_SLACK_LINES = 1024;
export const LISTING_OCTETS_PER_LINE = 96;

/**
 * UIDL/LIST when the count is not known yet: 1,000,000 messages with 70-character UIDLs (83 MB)
 * still fit; an endless listing stops here (peak RSS about 250 MB: npm run bench:endless).
 */
export const MAX_LISTING_LINES = 1_200_000;
export const MAX_LISTING_OCTETS = 96 * 1024 * 1024;

export interface ReplyBound {
  maxLines: number;
  maxOctets: number;
}

export const CAPA_BOUND: ReplyBound = { maxLines: MAX_CAPA_LINES, maxOctets: MAX_CAPA_OCTETS };

/** The bound for a UIDL or LIST listing given the message count, when one is known. */
export function listingBound(knownCount: number | undefined): ReplyBound {
  if (knownCount === undefined) {
    return { maxLines: MAX_LISTING_LINES, maxOctets: MAX_LISTING_OCTETS };
  }
  const maxLines = knownCount + Math.max(LISTING_SLACK_LINES, Math.ceil(knownCount / 100));
  return { maxLines, maxOctets: maxLines * LISTING_OCTETS_PER_LINE };
}

/**
 * RETR/TOP bodies. A LIST size is a hint, never an allocation size. RFC 1939 sizes count CRLF line
 * ends, so a true size is exact; a server that stores bare-LF mail and counts its stored size
 * undercounts by one octet per line, which is 25% only for lines averaging 4 octets. Headers a
 * server adds on the way out (Received, X-UIDL, Status) fit in the fixed 64 KiB.
 */
export const BODY_MARGIN_RATIO = 0.25;
export const BODY_MARGIN_OCTETS = 64 * 1024;

/**
 * No body is accepted beyond this, whatever LIST said (ConnectOptions.maxMessageOctets changes it):
 * far above what mail servers accept (Gmail 25 MB, Exchange 150 MB), and it bounds memory.
 */
export const DEFAULT_MAX_MESSAGE_OCTETS = 256 * 1024 * 1024;

/** The most octets a body announced as `expected` octets may have. */
export function bodyLimit(expected: number | undefined, absolute: number): number {
  if (expected === undefined || !Number.isFinite(expected) || expected < 0) return absolute;
  const allowed = Math.floor(expected * (1 + BODY_MARGIN_RATIO)) + BODY_MARGIN_OCTETS;
  return Math.min(allowed, absolute);
}

/**
 * Minimum progress while a reply is pending: fewer than this many octets within one window, with
 * no reply completed in it, ends the session. A server that sends a byte every 59 s passes the idle
 * timeout but not this; a modem-speed link (several KB/s) passes both easily.
 */
export const DEFAULT_MIN_PROGRESS_OCTETS = 1024;
export const DEFAULT_MIN_PROGRESS_WINDOW_MS = 60_000;

/** SCRAM: RFC 7677 suggests 4096; past this the count is an attack on the client's CPU. */
export const MAX_SCRAM_ITERATIONS = 100_000;

export interface DeadlineInput {
  /** Octets the session expects to fetch (sum of LIST sizes it will RETR). */
  octets: number;
  /** Session start, epoch ms; default Date.now(). */
  now?: number;
  /** Fixed allowance for login, listings and QUIT; default 5 minutes. */
  baseMs?: number;
  /** The slowest transfer rate still accepted; default 4 KiB/s. */
  minOctetsPerSecond?: number;
}

/** A session deadline that grows with what there is to fetch: base time plus octets at a floor rate. */
export function sessionDeadline(input: DeadlineInput): number {
  const now = input.now ?? Date.now();
  const base = input.baseMs ?? 5 * 60_000;
  const rate = input.minOctetsPerSecond ?? 4 * 1024;
  const octets = Math.max(0, Number.isFinite(input.octets) ? input.octets : 0);
  return now + base + Math.ceil((octets / rate) * 1000);
}
