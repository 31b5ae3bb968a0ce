// Turns what set-up by address found into the contract's plain data, with login failures as the
// same AppError kinds "Test connection" gives.
import type { DiscoveryResult } from '../../autoconfig';
import type { ServerDiscovery } from '../../../shared/model/server-discovery';
import { errorFromPop3Kind } from '../../errors';

export function discoveryView(result: DiscoveryResult, now: number): ServerDiscovery {
  const login = result.login;
  return {
    address: result.address,
    server: result.server
      ? {
          host: result.server.host,
          port: result.server.port,
          security: result.server.security,
          source: result.server.source,
        }
      : null,
    certificate: result.certificate ?? null,
    login:
      login === null
        ? null
        : login.ok
          ? { ok: true, user: login.user, authMethod: login.method }
          : { ok: false, error: errorFromPop3Kind(login.kind, login.message, { now }) },
    attempts: result.tried.map((t) => ({
      host: t.host,
      port: t.port,
      security: t.security,
      source: t.source,
      outcome:
        t.outcome.status === 'failed'
          ? t.outcome.kind === 'not-found'
            ? 'not-found'
            : 'failed'
          : t.outcome.status,
      detail: t.outcome.status === 'failed' ? t.outcome.message : null,
    })),
  };
}
