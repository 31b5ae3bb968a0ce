// Typed failures of secret storage, carried up as data (the UI then asks for the password again).
// Never includes the secret, or any part of it, in a message.

export type SecretErrorKind = 'unreadable' | 'bad-key-file';

export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(
    readonly kind: SecretErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
