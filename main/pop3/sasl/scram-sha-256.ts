// SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding: proves the password without sending
// it, and refuses to finish unless the server proves it knows the password too.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Pop3Error } from '../errors';
import { MAX_SCRAM_ITERATIONS } from '../limits';
import { saslName, type SaslMechanism } from './mechanism';
import { saslPrep } from './saslprep';

const GS2_HEADER = 'n,,';
// libuv's thread pool runs it: the main thread (and the window) stays responsive.
const pbkdf2Async = promisify(pbkdf2);

function hmac(key: Buffer, data: string | Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

function parseAttributes(message: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const part of message.split(',')) {
    const m = /^([A-Za-z])=(.*)$/s.exec(part);
    if (m?.[1] !== undefined && m[2] !== undefined && !attrs.has(m[1])) attrs.set(m[1], m[2]);
  }
  return attrs;
}

function bad(why: string): Pop3Error {
  return new Pop3Error('protocol', `SCRAM-SHA-256: ${why}`);
}

export class ScramSha256Mechanism implements SaslMechanism {
  readonly name = 'SCRAM-SHA-256';
  private readonly clientFirstBare: string;
  private expectedServerSignature?: Buffer;
  private verified = false;

  constructor(
    user: string,
    private readonly password: string,
    private readonly clientNonce = randomBytes(24).toString('base64'),
  ) {
    this.clientFirstBare = `n=${saslName(saslPrep(user))},r=${clientNonce}`;
  }

  initialResponse(): Buffer {
    return Buffer.from(GS2_HEADER + this.clientFirstBare, 'utf8');
  }

  async respond(challenge: Buffer): Promise<Buffer> {
    const message = challenge.toString('utf8');
    if (this.expectedServerSignature === undefined) return this.clientFinal(message);
    this.verifyServerFinal(message);
    return Buffer.alloc(0);
  }

  complete(): void {
    if (!this.verified) throw bad('the server never proved that it knows the password');
  }

  private async clientFinal(serverFirst: string): Promise<Buffer> {
    const attrs = parseAttributes(serverFirst);
    if (attrs.has('m')) throw bad('server requires an unsupported extension');
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterText = attrs.get('i');
    if (nonce === undefined || salt === undefined || iterText === undefined) {
      throw bad('malformed server-first-message');
    }
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      throw bad('server nonce does not extend the client nonce');
    }
    if (!/^\d{1,10}$/.test(iterText) || Number(iterText) < 1) {
      throw bad(`unacceptable iteration count "${iterText.slice(0, 20)}"`);
    }
    if (Number(iterText) > MAX_SCRAM_ITERATIONS) {
      throw new Pop3Error(
        'protocol',
        `SCRAM-SHA-256: the server asks for ${iterText} iterations; at most ${MAX_SCRAM_ITERATIONS.toLocaleString('en-US')} are computed`,
        { limit: 'scram-iterations' },
      );
    }
    const saltBytes = Buffer.from(salt, 'base64');
    if (saltBytes.length === 0) throw bad('empty salt');

    const salted = await pbkdf2Async(
      Buffer.from(saslPrep(this.password), 'utf8'),
      saltBytes,
      Number(iterText),
      32,
      'sha256',
    );
    const clientKey = hmac(salted, 'Client Key');
    const storedKey = createHash('sha256').update(clientKey).digest();
    const withoutProof = `c=${Buffer.from(GS2_HEADER).toString('base64')},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = hmac(storedKey, authMessage);
    const proof = xor(clientKey, clientSignature).toString('base64');
    this.expectedServerSignature = hmac(hmac(salted, 'Server Key'), authMessage);
    return Buffer.from(`${withoutProof},p=${proof}`, 'utf8');
  }

  private verifyServerFinal(serverFinal: string): void {
    const attrs = parseAttributes(serverFinal);
    const error = attrs.get('e');
    if (error !== undefined) throw new Pop3Error('auth', `SCRAM-SHA-256 rejected: ${error}`);
    const v = attrs.get('v');
    const expected = this.expectedServerSignature;
    const got = v === undefined ? undefined : Buffer.from(v, 'base64');
    if (!expected || !got || got.length !== expected.length || !timingSafeEqual(got, expected)) {
      throw bad('server signature does not match; the server may be an impostor');
    }
    this.verified = true;
  }
}
