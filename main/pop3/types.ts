// The POP3 engine's public option and result shapes (the contract main/sync and the CLI build on).
// Plain data only: no sockets, no classes.
import type { ProtocolLogEntry } from './protocol-log';

export type Security = 'tls' | 'starttls' | 'none';

export type AuthMethod =
  | 'auto'
  | 'user'
  | 'apop'
  | 'plain'
  | 'login'
  | 'cram-md5'
  | 'scram-sha-256'
  | 'xoauth2'
  | 'oauthbearer';

export type ResolvedAuthMethod = Exclude<AuthMethod, 'auto'>;

export interface ConnectOptions {
  host: string;
  port: number;
  security: Security;
  /** SNI and the name the certificate must carry; defaults to host. */
  servername?: string;
  /** The one user-approved certificate ("AB:CD:..." or hex in any case); pinned. */
  certFingerprint256?: string;
  /** Extra trust anchor added to the system store. */
  ca?: string | Buffer;
  /** TCP connect plus TLS handshake; default 30 000. */
  connectTimeoutMs?: number;
  /** Silence tolerated while a reply is awaited; default 60 000. */
  idleTimeoutMs?: number;
  /**
   * Minimum progress while a reply is awaited: at least this many octets (or a completed reply) in
   * every window of minProgressWindowMs; defaults in limits.ts (1024 octets per 60 000 ms).
   */
  minProgressOctets?: number;
  minProgressWindowMs?: number;
  /** Session deadline, epoch ms (see Pop3Client.setDeadline and limits.sessionDeadline). */
  deadline?: number;
  /** No RETR/TOP body beyond this many octets; default DEFAULT_MAX_MESSAGE_OCTETS (256 MiB). */
  maxMessageOctets?: number;
  /** Use PIPELINING when the server offers it; default true. */
  pipelining?: boolean;
  /** Most commands in flight at once; default 32. */
  pipelineWindow?: number;
  /** Receives only redacted or summarised entries. */
  onLog?: (e: ProtocolLogEntry) => void;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  fingerprint256: string;
  validFrom: string;
  validTo: string;
}

export interface SecurityInfo {
  security: Security;
  tlsProtocol?: string;
  cipher?: string;
  certificate?: CertificateInfo;
  /** Trusted only because of certFingerprint256. */
  pinned: boolean;
}

export interface AuthOptions {
  user: string;
  /** Password, or the OAuth access token for xoauth2 / oauthbearer. */
  secret: string;
  /** Default 'auto'. */
  method?: AuthMethod;
  /** Allow a cleartext password (USER/PASS, PLAIN, LOGIN, tokens) without TLS; default false. */
  allowInsecurePassword?: boolean;
}

export interface QuitResult {
  /** False when QUIT was answered -ERR (the server may not have removed every DELE'd message). */
  ok: boolean;
  text: string;
  code?: string;
}
