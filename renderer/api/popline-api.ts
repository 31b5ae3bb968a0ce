// The typed API the UI uses, grouped the way the contract names its methods:
// api.accounts.list(), api.messages.detail({ id }), api.on('mail.new', …).
import type { EventName, MethodName } from '../../shared/contract/names';
import { methodNames } from '../../shared/contract/names';
import type { EventListener, MethodCall, Unsubscribe } from '../../shared/contract/types';
import type { Transport } from './transport';

type GroupOf<K extends string> = K extends `${infer G}.${string}` ? G : never;
export type MethodGroup = GroupOf<MethodName>;

type GroupMembers<G extends string> = {
  [K in MethodName as K extends `${G}.${infer M}` ? M : never]: MethodCall<K>;
};

export type PoplineApi = { readonly [G in MethodGroup]: GroupMembers<G> } & {
  on<E extends EventName>(event: E, listener: EventListener<E>): Unsubscribe;
  /** For diagnostics only: the UI must not behave differently per transport. */
  readonly transport: Transport['kind'];
};

export function createPoplineApi(transport: Transport): PoplineApi {
  const groups: Record<string, Record<string, (arg?: unknown) => Promise<unknown>>> = {};
  for (const name of methodNames) {
    const dot = name.indexOf('.');
    const group = name.slice(0, dot);
    const member = name.slice(dot + 1);
    (groups[group] ??= {})[member] = (arg?: unknown) => transport.call(name, arg);
  }
  return {
    ...groups,
    on: (event: EventName, listener: (payload: never) => void) =>
      transport.subscribe(event, listener as (payload: unknown) => void),
    transport: transport.kind,
  } as unknown as PoplineApi;
}
