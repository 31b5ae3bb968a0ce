// OAUTHBEARER (RFC 7628): GS2 header, host, port and bearer token in one client-first message.
// An error challenge is acknowledged with a single 0x01, after which the server fails the AUTH.
import { saslName, type SaslMechanism } from './mechanism';

export class OauthBearerMechanism implements SaslMechanism {
  readonly name = 'OAUTHBEARER';
  serverError?: string;

  constructor(
    private readonly user: string,
    private readonly token: string,
    private readonly host: string,
    private readonly port: number,
  ) {}

  initialResponse(): Buffer {
    const fields = `host=${this.host}\x01port=${this.port}\x01auth=Bearer ${this.token}\x01\x01`;
    return Buffer.from(`n,a=${saslName(this.user)},\x01${fields}`, 'utf8');
  }

  respond(challenge: Buffer): Buffer {
    this.serverError = challenge.toString('utf8');
    return Buffer.from([0x01]);
  }

  complete(): void {}
}
