// The LOGIN mechanism (draft-murchison-sasl-login): user name, then password, one per challenge.
// The prompts' wording varies between servers, so only their order is relied on.
import { Pop3Error } from '../errors';
import type { SaslMechanism } from './mechanism';

export class LoginMechanism implements SaslMechanism {
  readonly name = 'LOGIN';
  private step = 0;

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {}

  initialResponse(): null {
    return null;
  }

  respond(): Buffer {
    this.step += 1;
    if (this.step === 1) return Buffer.from(this.user, 'utf8');
    if (this.step === 2) return Buffer.from(this.password, 'utf8');
    throw new Pop3Error('protocol', 'server sent more than two LOGIN challenges');
  }

  complete(): void {}
}
