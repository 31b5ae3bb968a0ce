// Public face of sending over SMTP: the session (submit, probe), its transcript, the composer.
// Never import nodemailer from outside this folder; go through these functions.

export { describeFailure, probeSmtp, submitMessage, SmtpFailureError } from './smtp-session';
export type {
  ProbeResult,
  SessionEnd,
  SmtpFailure,
  SmtpFailureKind,
  SmtpServer,
  SubmitOutcome,
  SubmitRequest,
} from './smtp-session';
export type { TranscriptLine, TranscriptSink } from './smtp-transcript';
export { composeMessage, DRAFT_NOTE_HEADER, newMessageId } from './compose-message';
export type { ComposedMessage, ComposeParts, Mailbox } from './compose-message';
export { fromFlowed, toFlowed } from './format-flowed';
