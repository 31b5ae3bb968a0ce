// SASL PLAIN (RFC 4616): authzid empty, user and password in one client-first message.
// The password travels in clear inside the TLS tunnel; auth.ts decides whether that is allowed.
import { Pop3Error } from '../errors';
import type { SaslMechanism } from './mechanism';

export class PlainMechanism implements SaslMechanism {
  readonly name = 'PLAIN';

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  initialResponse(): Buffer {
    return Buffer.from(`\0${this.user}\0${this.password}`, 'utf8');
  }

  respond(): Buffer {
    throw new Pop3Error('protocol', 'server sent a challenge after the PLAIN credentials');
  }

  complete(): void {}
}
