// The typed failure of an explicit MIME request (an attachment that is not there).
// Summary and detail parsing never throw; they report parseError instead.

export type MimeErrorKind = 'no-such-attachment';

export class MimeError extends Error {
  override readonly name = 'MimeError';
  constructor(
    readonly kind: MimeErrorKind,
    message: string,
  ) {
    super(message);
  }
}
