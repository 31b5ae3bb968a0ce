// The contract's server side: one handler per method, and the dispatcher that validates and runs them.
export { createDispatcher, invalidArgument } from './dispatcher';
export type { CallContext, Dispatch, DispatcherOptions, Handlers } from './dispatcher';
export { createHandlers } from './handlers';
