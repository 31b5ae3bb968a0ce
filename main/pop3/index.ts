// The POP3 engine's public surface: import from 'main/pop3', never from its inner files.
export {
  Pop3Client,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_PIPELINE_WINDOW,
  type BodyOptions,
} from './client';
export {
  bodyLimit,
  listingBound,
  sessionDeadline,
  BODY_MARGIN_OCTETS,
  BODY_MARGIN_RATIO,
  DEFAULT_MAX_MESSAGE_OCTETS,
  DEFAULT_MIN_PROGRESS_OCTETS,
  DEFAULT_MIN_PROGRESS_WINDOW_MS,
  MAX_SCRAM_ITERATIONS,
  type DeadlineInput,
  type Pop3Limit,
} from './limits';
export { Pop3Error, parseResponseText, kindForErr, type Pop3ErrorKind } from './errors';
export { parseCapabilities, emptyCapabilities, type Capabilities } from './capabilities';
export { type ProtocolLogEntry, REDACTED, bodySummary } from './protocol-log';
export { chooseAuthMethod, autoCandidates, AUTO_ORDER, CLEARTEXT_METHODS } from './auth';
export { normalizeFingerprint, fingerprintsMatch } from './transport';
export { runProbe, type ProbeReport } from './probe';
export type {
  Security,
  AuthMethod,
  ResolvedAuthMethod,
  ConnectOptions,
  CertificateInfo,
  SecurityInfo,
  AuthOptions,
  QuitResult,
} from './types';
