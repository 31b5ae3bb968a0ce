// identities.*, compose.*, outbox.*: sending mail. The handlers only delegate to the sending
// service; passwords go in, never out.
import type { Services } from '../../services';
import type { HandlerGroup } from './handler-group';

export function identitiesHandlers(services: Services): HandlerGroup<'identities'> {
  const { sending } = services;
  return {
    'identities.list': () => sending.identities(),
    'identities.save': ({ identity, password, certFingerprint256 }) =>
      sending.saveIdentity(identity, password, certFingerprint256),
    'identities.test': (target) =>
      sending.test(
        'id' in target
          ? { id: target.id }
          : {
              identity: target.identity,
              ...(target.password !== undefined ? { password: target.password } : {}),
              ...(target.certFingerprint256 !== undefined
                ? { certFingerprint256: target.certFingerprint256 }
                : {}),
            },
      ),
  };
}

export function composeHandlers(services: Services): HandlerGroup<'compose'> {
  const { sending } = services;
  return {
    'compose.template': ({ id, kind }) => sending.template(id, kind),
    'compose.send': (compose) => sending.send(compose),
    'compose.saveDraft': (compose) => sending.saveDraft(compose),
    'compose.openDraft': ({ id }) => sending.openDraft(id),
    'compose.completeAddress': ({ query, limit }) => sending.completeAddress(query, limit),
  };
}

export function outboxHandlers(services: Services): HandlerGroup<'outbox'> {
  const { sending } = services;
  return {
    'outbox.list': () => sending.outbox(),
    'outbox.retry': ({ id }) => sending.retry(id),
    'outbox.resolve': ({ id, arrived }) => sending.resolve(id, arrived),
  };
}
