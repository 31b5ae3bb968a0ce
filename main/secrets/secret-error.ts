// Typed failures of secret storage, carried up as data (the UI then asks for the password again).
// Never includes the secret, or any part of it, in a message.

/**
 * 'unreadable': a stored secret cannot be decrypted here (ask for the password again);
 * 'unavailable': the system cannot encrypt now (no keyring), so nothing can be stored;
 * 'bad-key-file': the file-key cipher's key file is damaged.
 */
export type SecretErrorKind = 'unreadable' | 'unavailable' | 'bad-key-file';

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
