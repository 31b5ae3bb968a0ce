import { describe, expect, expectTypeOf, it } from 'vitest';
import { methodNames, type EventName, type MethodName } from '../../shared/contract/names';
import type { Account } from '../../shared/model/account';
import type { Result } from '../../shared/result';
import { createPoplineApi } from './popline-api';
import type { Transport } from './transport';

function recordingTransport() {
  const calls: Array<{ method: MethodName; arg: unknown }> = [];
  const subscriptions: EventName[] = [];
  const transport: Transport = {
    kind: 'browser-bridge',
    async call(method, arg) {
      calls.push({ method, arg });
      return { ok: true, value: method };
    },
    subscribe(event) {
      subscriptions.push(event);
      return () => undefined;
    },
  };
  return { transport, calls, subscriptions };
}

describe('the renderer API', () => {
  it('offers every contract method under its group and routes it to the same method name', async () => {
    const { transport, calls } = recordingTransport();
    const api = createPoplineApi(transport) as unknown as Record<
      string,
      Record<string, (arg?: unknown) => Promise<unknown>>
    >;
    for (const name of methodNames) {
      const [group = '', member = ''] = name.split('.');
      const fn = api[group]?.[member];
      expect(fn, name).toBeTypeOf('function');
      await fn?.({ n: name });
      expect(calls.at(-1)).toEqual({ method: name, arg: { n: name } });
    }
  });

  it('is typed from the contract: arguments checked, results known', async () => {
    const { transport, subscriptions } = recordingTransport();
    const api = createPoplineApi(transport);
    expectTypeOf(api.accounts.list).returns.resolves.toEqualTypeOf<Result<Account[]>>();
    expectTypeOf(api.messages.detail).parameter(0).toEqualTypeOf<{ id: number }>();
    const callsWithoutArgument = () => {
      // @ts-expect-error an id is required
      void api.messages.detail();
      // @ts-expect-error a method that takes no argument accepts none
      void api.accounts.list({});
    };
    void callsWithoutArgument;
    api.on('mail.new', (payload) => expectTypeOf(payload.count).toEqualTypeOf<number>());
    expect(subscriptions).toEqual(['mail.new']);
    expect(api.transport).toBe('browser-bridge');
  });
});
