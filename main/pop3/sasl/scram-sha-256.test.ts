import { describe, expect, it } from 'vitest';
import { ScramSha256Mechanism } from './scram-sha-256';
import { saslPrep } from './saslprep';
import { Pop3Error } from '../errors';

// RFC 7677 section 3, the example exchange (user "user", password "pencil").
const CLIENT_NONCE = 'rOprNGfwEbeRWgbNEkqO';
const SERVER_FIRST =
  'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const CLIENT_FINAL =
  'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_FINAL = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('SCRAM-SHA-256', () => {
  it("reproduces RFC 7677's example exchange and verifies the server", async () => {
    const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
    expect(mech.initialResponse().toString()).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    expect((await mech.respond(Buffer.from(SERVER_FIRST))).toString()).toBe(CLIENT_FINAL);
    expect((await mech.respond(Buffer.from(SERVER_FINAL))).length).toBe(0);
    expect(() => mech.complete()).not.toThrow();
  });

  it('refuses to finish when the server signature is wrong', async () => {
    const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
    await mech.respond(Buffer.from(SERVER_FIRST));
    const forged = 'v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    await expect(mech.respond(Buffer.from(forged))).rejects.toThrow(Pop3Error);
    expect(() => mech.complete()).toThrow(/never proved/);
  });

  it('refuses to finish when the server skips its proof', async () => {
    const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
    await mech.respond(Buffer.from(SERVER_FIRST));
    expect(() => mech.complete()).toThrow(Pop3Error);
  });

  it('rejects a server nonce that does not extend ours', async () => {
    const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
    await expect(
      mech.respond(Buffer.from('r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096')),
    ).rejects.toThrow(/nonce/);
  });

  it('refuses more than 100,000 iterations with an error naming the count', async () => {
    for (const count of ['1000000', '100001', '99999999']) {
      const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
      const greedy = `r=${CLIENT_NONCE}abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=${count}`;
      const err = (await Promise.resolve()
        .then(() => mech.respond(Buffer.from(greedy)))
        .catch((e: unknown) => e)) as Pop3Error;
      expect(err).toBeInstanceOf(Pop3Error);
      expect(err.message).toContain(`${count} iterations`);
      expect(err.message).toContain('100,000');
      expect(err.limit).toBe('scram-iterations');
    }
  });

  it('accepts exactly 100,000 iterations and computes them without blocking the event loop', async () => {
    const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
    const serverFirst = `r=${CLIENT_NONCE}abc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=100000`;
    const order: string[] = [];
    const pending = Promise.resolve(mech.respond(Buffer.from(serverFirst))).then((bytes) => {
      order.push('response');
      return bytes;
    });
    // With a synchronous PBKDF2 the response exists before this timer can run.
    setTimeout(() => order.push('timer'), 0);
    const bytes = await pending;
    expect(bytes.toString()).toMatch(/^c=biws,r=.*,p=/);
    expect(order).toEqual(['timer', 'response']);
  });

  it('reports a server-side e= error as an authentication failure', async () => {
    const mech = new ScramSha256Mechanism('user', 'pencil', CLIENT_NONCE);
    await mech.respond(Buffer.from(SERVER_FIRST));
    await expect(mech.respond(Buffer.from('e=invalid-proof'))).rejects.toMatchObject({
      kind: 'auth',
    });
  });

  it('escapes "," and "=" in the user name', () => {
    const mech = new ScramSha256Mechanism('a,b=c', 'pw', CLIENT_NONCE);
    expect(mech.initialResponse().toString()).toBe(`n,,n=a=2Cb=3Dc,r=${CLIENT_NONCE}`);
  });
});

describe('saslPrep', () => {
  it('maps non-ASCII spaces, drops invisible characters and applies NFKC', () => {
    expect(saslPrep('I\u00ADX')).toBe('IX');
    expect(saslPrep('a\u00A0b')).toBe('a b');
    expect(saslPrep('\u2168')).toBe('IX');
    expect(saslPrep('user')).toBe('user');
  });

  it('refuses control characters', () => {
    expect(() => saslPrep('a\u0007b')).toThrow(Pop3Error);
  });
});
