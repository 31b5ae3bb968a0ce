// Builders for the outbox tests: an identity pointed at a test server, a composed message queued.
// Never used by production code.
import type { Identity, IdentitySettings } from '../../shared/model/identity';
import type { Store } from '../store';
import { composeMessage, type ComposeParts } from '../smtp';
import { queueMessage } from './outbox-sender';

export function identityFor(
  store: Store,
  server: { port: number },
  overrides: Partial<IdentitySettings> = {},
): Identity {
  return store.identities.upsert({
    accountId: null,
    name: 'Alice Example',
    address: 'alice@example.org',
    smtpHost: '127.0.0.1',
    smtpPort: server.port,
    security: 'starttls',
    allowInsecurePassword: false,
    auth: 'auto',
    smtpUser: 'alice',
    ...overrides,
  });
}

export async function queued(
  store: Store,
  identity: Identity,
  overrides: Partial<ComposeParts> = {},
) {
  const parts: ComposeParts = {
    from: { name: identity.name, address: identity.address },
    to: [{ name: 'Bob', address: 'bob@example.org' }],
    subject: 'Lunch on Friday?',
    body: 'Hi Bob,\n\nshall we meet at noon?\n.\nAlice',
    ...overrides,
  };
  const message = await composeMessage(parts);
  return { item: queueMessage(store, identity, message, parts.subject), message };
}
