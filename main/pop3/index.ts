// The POP3 engine's public surface: import from 'main/pop3', never from its inner files.
export { Pop3Client, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_PIPELINE_WINDOW } from './client';
export { Pop3Error, parseResponseText, kindForErr, type Pop3ErrorKind } from './errors';
export { parseCapabilities, emptyCapabilities, type Capabilities } from './capabilities';
export { type ProtocolLogEntry, REDACTED, bodySummary } from './protocol-log';
export { chooseAuthMethod, AUTO_ORDER, CLEARTEXT_METHODS } from './auth';
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
