// Public face of the outbox: queue a composed message, send one, settle what a crash left.
export {
  queueMessage,
  recoverOutbox,
  sendFromOutbox,
  smtpServerOf,
  smtpUserOf,
} from './outbox-sender';
export type { OutboxSenderDeps, SendResult } from './outbox-sender';
