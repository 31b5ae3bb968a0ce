// Chooses and runs a POP3 login: USER/PASS, APOP or SASL (RFC 1939, 5034).
// Never sends a reusable secret over an unencrypted link unless the user explicitly allowed it.
import { apopDigest } from './apop';
import type { Capabilities } from './capabilities';
import { Pop3Error } from './errors';
import { CramMd5Mechanism } from './sasl/cram-md5';
import { LoginMechanism } from './sasl/login';
import type { SaslMechanism } from './sasl/mechanism';
import { OauthBearerMechanism } from './sasl/oauthbearer';
import { PlainMechanism } from './sasl/plain';
import { ScramSha256Mechanism } from './sasl/scram-sha-256';
import { Xoauth2Mechanism } from './sasl/xoauth2';
import type { AuthMethod, AuthOptions, ResolvedAuthMethod } from './types';

/** What a login needs from the session; the client supplies it. */
export interface AuthSession {
  readonly capabilities: Capabilities;
  readonly apopTimestamp?: string;
  /** TLS protects the link (implicit or after STLS). */
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
  /**
   * Sends one login command and resolves with the +OK text; "+ challenge" lines go to
   * onChallenge, whose return value (base64) is sent back. If onChallenge throws, the exchange is
   * cancelled with "*" and the command rejects with that error.
   */
  command(
    line: string,
    onChallenge?: (challenge: string) => string | PromiseLike<string>,
  ): Promise<string>;
  /** Drops the connection (used when the server cannot be trusted after a login). */
  abort(): void;
  /** True once the connection is gone: no further login attempt can be made. */
  isClosed(): boolean;
}

/** Methods that hand the server something it (or an eavesdropper) could replay. */
export const CLEARTEXT_METHODS: ReadonlySet<ResolvedAuthMethod> = new Set([
  'user',
  'plain',
  'login',
  'xoauth2',
  'oauthbearer',
]);

/** Strongest first; the order 'auto' tries. XOAUTH2/OAUTHBEARER need a token, so never automatic. */
export const AUTO_ORDER: readonly ResolvedAuthMethod[] = [
  'scram-sha-256',
  'cram-md5',
  'apop',
  'plain',
  'login',
  'user',
];

const SASL_NAMES: Partial<Record<ResolvedAuthMethod, string>> = {
  plain: 'PLAIN',
  login: 'LOGIN',
  'cram-md5': 'CRAM-MD5',
  'scram-sha-256': 'SCRAM-SHA-256',
  xoauth2: 'XOAUTH2',
  oauthbearer: 'OAUTHBEARER',
};

// RFC 5034 section 4: an AUTH command line with its initial response stays within 255 octets.
const MAX_AUTH_LINE = 255 - 2;

export interface AuthChoiceInput {
  capabilities: Capabilities;
  apopTimestamp?: string;
  secure: boolean;
  requested?: AuthMethod;
  allowInsecurePassword?: boolean;
}

function offered(method: ResolvedAuthMethod, input: AuthChoiceInput, explicit: boolean): boolean {
  const caps = input.capabilities;
  const capaUnknown = caps.raw.length === 0;
  if (method === 'apop') return input.apopTimestamp !== undefined;
  if (method === 'user') {
    if (explicit) return true;
    return caps.user || capaUnknown || (caps.sasl.length === 0 && !input.apopTimestamp);
  }
  const name = SASL_NAMES[method];
  return name !== undefined && (caps.sasl.includes(name) || (explicit && capaUnknown));
}

/** Picks the method to use, or throws 'auth-unavailable' saying why none fits. */
export function chooseAuthMethod(input: AuthChoiceInput): ResolvedAuthMethod {
  const requested = input.requested ?? 'auto';
  const cleartextOk = input.secure || input.allowInsecurePassword === true;
  if (requested !== 'auto') {
    if (!offered(requested, input, true)) {
      throw new Pop3Error(
        'auth-unavailable',
        requested === 'apop'
          ? 'APOP needs a timestamp in the greeting and the server sent none'
          : `the server does not offer ${SASL_NAMES[requested] ?? requested}`,
      );
    }
    if (CLEARTEXT_METHODS.has(requested) && !cleartextOk) {
      throw new Pop3Error(
        'auth-unavailable',
        `${requested} would send the password unencrypted; use TLS or allow insecure passwords`,
      );
    }
    return requested;
  }
  let blockedByCleartext = false;
  for (const method of AUTO_ORDER) {
    if (!offered(method, input, false)) continue;
    if (CLEARTEXT_METHODS.has(method) && !cleartextOk) {
      blockedByCleartext = true;
      continue;
    }
    return method;
  }
  throw new Pop3Error(
    'auth-unavailable',
    blockedByCleartext
      ? 'the server accepts only unencrypted passwords on this connection; use TLS or allow insecure passwords'
      : 'the server offers no login method this client supports',
  );
}

function makeMechanism(
  method: ResolvedAuthMethod,
  a: AuthOptions,
  session: AuthSession,
): SaslMechanism {
  switch (method) {
    case 'plain':
      return new PlainMechanism(a.user, a.secret);
    case 'login':
      return new LoginMechanism(a.user, a.secret);
    case 'cram-md5':
      return new CramMd5Mechanism(a.user, a.secret);
    case 'scram-sha-256':
      return new ScramSha256Mechanism(a.user, a.secret);
    case 'xoauth2':
      return new Xoauth2Mechanism(a.user, a.secret);
    case 'oauthbearer':
      return new OauthBearerMechanism(a.user, a.secret, session.host, session.port);
    default:
      throw new Error(`${method} is not a SASL mechanism`);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeChallenge(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.length % 4 !== 0 || !BASE64.test(trimmed)) {
    throw new Pop3Error('protocol', 'server sent a SASL challenge that is not base64');
  }
  return Buffer.from(trimmed, 'base64');
}

/** Runs one SASL exchange (RFC 5034), with an initial response when it fits the line limit. */
export async function runSasl(session: AuthSession, mech: SaslMechanism): Promise<void> {
  const initial = mech.initialResponse();
  let line = `AUTH ${mech.name}`;
  let deferred: Buffer | null = null;
  if (initial !== null) {
    const encoded = initial.length === 0 ? '=' : initial.toString('base64');
    if (line.length + 1 + encoded.length <= MAX_AUTH_LINE) line += ` ${encoded}`;
    else deferred = initial;
  }
  await session.command(line, (challenge) => {
    if (deferred !== null) {
      const first = deferred;
      deferred = null;
      return first.toString('base64');
    }
    const answer = mech.respond(decodeChallenge(challenge));
    return Buffer.isBuffer(answer)
      ? answer.toString('base64')
      : answer.then((bytes: Buffer) => bytes.toString('base64'));
  });
  try {
    mech.complete();
  } catch (err) {
    session.abort();
    throw err;
  }
}

function checkCredentials(a: AuthOptions, method: ResolvedAuthMethod): void {
  const breaksLine = /[\r\n\0]/;
  if (breaksLine.test(a.user) || breaksLine.test(a.secret)) {
    throw new Pop3Error('auth', 'the user name or password contains a line break or NUL');
  }
  if (method === 'apop' && /\s/.test(a.user)) {
    throw new Pop3Error('auth', 'APOP cannot carry a user name with spaces');
  }
}

/**
 * The methods 'auto' tries, strongest first: each one offered and allowed on this link (a
 * clear-text password only over TLS or when the user allowed it). Throws 'auth-unavailable' when
 * none fits, like chooseAuthMethod.
 */
export function autoCandidates(input: AuthChoiceInput): ResolvedAuthMethod[] {
  const first = chooseAuthMethod({ ...input, requested: 'auto' });
  const cleartextOk = input.secure || input.allowInsecurePassword === true;
  const rest = AUTO_ORDER.slice(AUTO_ORDER.indexOf(first) + 1).filter(
    (m) => offered(m, input, false) && (cleartextOk || !CLEARTEXT_METHODS.has(m)),
  );
  return [first, ...rest];
}

// An -ERR of these kinds to one method says nothing about the others: 'auto' tries the next.
// [SYS/*], [IN-USE] and [LOGIN-DELAY] concern the account or the server, so they end the login.
const NEXT_METHOD_KINDS: ReadonlySet<string> = new Set(['auth', 'server']);

const METHOD_LABELS: Record<ResolvedAuthMethod, string> = {
  user: 'USER/PASS',
  apop: 'APOP',
  plain: 'AUTH PLAIN',
  login: 'AUTH LOGIN',
  'cram-md5': 'AUTH CRAM-MD5',
  'scram-sha-256': 'AUTH SCRAM-SHA-256',
  xoauth2: 'AUTH XOAUTH2',
  oauthbearer: 'AUTH OAUTHBEARER',
};

/** Logs in with the chosen method; resolves with the method that succeeded. */
export async function runAuthentication(
  session: AuthSession,
  a: AuthOptions,
): Promise<ResolvedAuthMethod> {
  const input: AuthChoiceInput = {
    capabilities: session.capabilities,
    apopTimestamp: session.apopTimestamp,
    secure: session.secure,
    requested: a.method,
    allowInsecurePassword: a.allowInsecurePassword,
  };
  if ((a.method ?? 'auto') !== 'auto') {
    const method = chooseAuthMethod(input);
    checkCredentials(a, method);
    await runMethod(session, a, method);
    return method;
  }
  // RFC 1939 §4: after a failed login the session stays in AUTHORIZATION, so the next method may
  // be tried (GNU Mailutils offers APOP in every greeting but refuses it to users without a secret).
  const refusals: Array<{ method: ResolvedAuthMethod; error: Pop3Error }> = [];
  for (const method of autoCandidates(input)) {
    try {
      checkCredentials(a, method);
    } catch (err) {
      if (method !== 'apop') throw err;
      refusals.push({ method, error: err as Pop3Error });
      continue;
    }
    try {
      await runMethod(session, a, method);
      return method;
    } catch (err) {
      const next =
        err instanceof Pop3Error &&
        err.refused &&
        NEXT_METHOD_KINDS.has(err.kind) &&
        !session.isClosed();
      if (!next) throw err;
      refusals.push({ method, error: err });
    }
  }
  throw allRefused(refusals);
}

/** One error for a login every method of which was refused: 'auth' when any blamed the credentials. */
function allRefused(refusals: Array<{ method: ResolvedAuthMethod; error: Pop3Error }>): Pop3Error {
  const last = refusals[refusals.length - 1]!.error;
  if (refusals.length === 1) return last;
  const blamed = [...refusals].reverse().find((r) => r.error.kind === 'auth')?.error;
  const main = blamed ?? last;
  const tried = refusals
    .map((r) => `${METHOD_LABELS[r.method]}: ${r.error.serverText ?? r.error.message}`)
    .join('; ');
  return new Pop3Error(main.kind, `every login method was refused (${tried})`, {
    code: main.code,
    serverText: main.serverText,
    command: main.command,
    refused: true,
  });
}

async function runMethod(
  session: AuthSession,
  a: AuthOptions,
  method: ResolvedAuthMethod,
): Promise<void> {
  if (method === 'user') {
    await session.command(`USER ${a.user}`);
    await session.command(`PASS ${a.secret}`);
  } else if (method === 'apop') {
    const timestamp = session.apopTimestamp ?? '';
    await session.command(`APOP ${a.user} ${apopDigest(timestamp, a.secret)}`);
  } else {
    await runSasl(session, makeMechanism(method, a, session));
  }
}
