import { afterAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/methods';
import { methodNames } from '../../shared/contract/names';
import { testServices } from '../testing/test-services';
import { createHandlers } from './handlers';
import { MALFORMED_ARGUMENTS } from './malformed-arguments';

const t = testServices();
afterAll(() => t.cleanup());

describe('the contract', () => {
  it('declares a zod schema for every method and nothing else', () => {
    expect(Object.keys(contract).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames)
      expect(typeof contract[name].arg.safeParse, name).toBe('function');
  });

  it('has a handler for every method, and none extra', () => {
    expect(Object.keys(createHandlers(t.services)).sort()).toEqual([...methodNames].sort());
  });

  it.each(methodNames)(
    '%s answers every malformed argument with invalid-argument',
    async (name) => {
      for (const arg of MALFORMED_ARGUMENTS) {
        const result = await t.dispatch(name, arg, { transport: 'electron' });
        expect(result.ok, `${name}(${JSON.stringify(arg)})`).toBe(false);
        if (!result.ok) {
          expect(result.error.kind).toBe('invalid-argument');
          expect(result.error.message).toContain(name);
        }
      }
    },
  );

  it('answers an unknown method with invalid-argument', async () => {
    for (const name of ['accounts.drop', 'constructor', '__proto__', 'toString', '', 7, null]) {
      const result = await t.dispatch(name as string, undefined, { transport: 'electron' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-argument' } });
    }
  });

  it('reports where an argument is wrong, without echoing secrets', async () => {
    const result = await t.dispatch(
      'accounts.add',
      { account: { host: '', port: 0, security: 'tls', user: 'a' }, password: 'hunter2' },
      { transport: 'electron' },
    );
    expect(result.ok).toBe(false);
    if (result.ok || result.error.kind !== 'invalid-argument')
      throw new Error('expected invalid-argument');
    expect(result.error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['account.host', 'account.port']),
    );
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
