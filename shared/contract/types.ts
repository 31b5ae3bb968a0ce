// Types derived from the declaration: what a caller passes, what it gets back, and the shape
// both transports (preload and browser bridge) expose. Nothing here exists at run time.
import type { z } from 'zod';
import type { Result } from '../result';
import type { Contract } from './methods';
import type { EventPayloads } from './event-payloads';
import type { EventName, MethodName } from './names';

/** The argument as a caller writes it (schema defaults may be left out). */
export type ArgInput<K extends MethodName> = z.input<Contract[K]['arg']>;
/** The argument as a handler receives it, validated and with defaults applied. */
export type ArgOutput<K extends MethodName> = z.output<Contract[K]['arg']>;
export type ResultValue<K extends MethodName> = Contract[K] extends { readonly __result?: infer R }
  ? R
  : never;

export type MethodCall<K extends MethodName> = [ArgInput<K>] extends [undefined]
  ? () => Promise<Result<ResultValue<K>>>
  : (arg: ArgInput<K>) => Promise<Result<ResultValue<K>>>;

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;
export type Unsubscribe = () => void;

/** What the preload puts on window.popline: exactly one function per method and per event. */
export interface PreloadApi {
  methods: { [K in MethodName]: MethodCall<K> };
  events: { [E in EventName]: (listener: EventListener<E>) => Unsubscribe };
}
