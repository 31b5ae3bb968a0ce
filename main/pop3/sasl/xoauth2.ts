// XOAUTH2 (Google/Microsoft): user and bearer token in one client-first message.
// On failure the server sends a JSON challenge that must be acknowledged with an empty response.
import type { SaslMechanism } from './mechanism';

export class Xoauth2Mechanism implements SaslMechanism {
  readonly name = 'XOAUTH2';
  /** The JSON error the server sent, if any (no secrets in it). */
  serverError?: string;

  constructor(
    private readonly user: string,
    private readonly token: string,
  ) {}

  initialResponse(): Buffer {
    return Buffer.from(`user=${this.user}\x01auth=Bearer ${this.token}\x01\x01`, 'utf8');
  }

  respond(challenge: Buffer): Buffer {
    this.serverError = challenge.toString('utf8');
    return Buffer.alloc(0);
  }

  complete(): void {}
}
