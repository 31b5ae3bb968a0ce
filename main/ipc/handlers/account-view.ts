// What of a stored account the renderer sees: the contract's fields only. Never the secret,
// its scheme, or bookkeeping the UI has no use for.
import type { Account } from '../../../shared/model/account';
import type { AccountRecord } from '../../store';

export function accountView(record: AccountRecord): Account {
  return {
    id: record.id,
    name: record.name,
    host: record.host,
    port: record.port,
    security: record.security,
    auth: record.auth,
    user: record.user,
    allowInsecurePassword: record.allowInsecurePassword,
    retention: record.retention,
    maxMessageSize: record.maxMessageSize,
    checkIntervalSeconds: record.checkIntervalSeconds,
    certFingerprint256: record.certFingerprint256,
    hasSecret: record.hasSecret,
    lastLoginAt: record.lastLoginAt,
    loginDelaySeconds: record.loginDelaySeconds,
  };
}
