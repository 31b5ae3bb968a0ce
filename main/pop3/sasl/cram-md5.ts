// CRAM-MD5 (RFC 2195): answers the server's one challenge with HMAC-MD5 keyed by the password.
// The password itself never leaves the machine.
import { createHmac } from 'node:crypto';
import { Pop3Error } from '../errors';
import type { SaslMechanism } from './mechanism';

export function cramMd5Response(user: string, password: string, challenge: Buffer): string {
  const digest = createHmac('md5', Buffer.from(password, 'utf8')).update(challenge).digest('hex');
  return `${user} ${digest}`;
}

export class CramMd5Mechanism implements SaslMechanism {
  readonly name = 'CRAM-MD5';
  private answered = false;

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  initialResponse(): null {
    return null;
  }

  respond(challenge: Buffer): Buffer {
    if (this.answered) throw new Pop3Error('protocol', 'server sent a second CRAM-MD5 challenge');
    this.answered = true;
    return Buffer.from(cramMd5Response(this.user, this.password, challenge), 'utf8');
  }

  complete(): void {
    if (!this.answered)
      throw new Pop3Error('protocol', 'server accepted CRAM-MD5 without a challenge');
  }
}
