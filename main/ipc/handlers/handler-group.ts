// The handlers of one group of methods (accounts.*, messages.*…): each group file must provide
// exactly its group, and handlers/index.ts must combine all of them into the full Handlers.
import type { MethodName } from '../../../shared/contract/names';
import type { Handlers } from '../dispatcher';

export type HandlerGroup<Prefix extends string> = Pick<
  Handlers,
  Extract<MethodName, `${Prefix}.${string}`>
>;
