// Command-line options shared by the commands that talk to a server.
import type { AuthMethod, Security } from '../pop3';
import { authMethods, securityModes } from '../../shared/model/account-modes';
import { UsageError } from './cli-error';

const SECURITY: readonly Security[] = securityModes;
const AUTH: readonly AuthMethod[] = authMethods;

export const serverOptions = {
  host: { type: 'string' },
  port: { type: 'string' },
  security: { type: 'string' },
  user: { type: 'string' },
  auth: { type: 'string', default: 'auto' },
  'cert-fingerprint': { type: 'string' },
  'allow-insecure-password': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export interface ServerArgs {
  host: string;
  port: number;
  security: Security;
  user: string;
  auth: AuthMethod;
  certFingerprint256?: string;
  allowInsecurePassword: boolean;
}

export function readServerArgs(v: Record<string, string | boolean | undefined>): ServerArgs {
  const need = (k: string): string => {
    const x = v[k];
    if (typeof x !== 'string' || x === '') throw new UsageError(`--${k} is required`);
    return x;
  };
  const host = need('host');
  const security = need('security') as Security;
  if (!SECURITY.includes(security))
    throw new UsageError(`--security must be one of ${SECURITY.join(', ')}`);
  const port = Number(v.port ?? (security === 'tls' ? 995 : 110));
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError('--port must be 1-65535');
  const auth = (v.auth ?? 'auto') as AuthMethod;
  if (!AUTH.includes(auth)) throw new UsageError(`--auth must be one of ${AUTH.join(', ')}`);
  const args: ServerArgs = {
    host,
    port,
    security,
    user: need('user'),
    auth,
    allowInsecurePassword: v['allow-insecure-password'] === true,
  };
  const fp = v['cert-fingerprint'];
  if (typeof fp === 'string' && fp) args.certFingerprint256 = fp;
  return args;
}

/** The secret comes from the environment only: a command line is visible to every local user. */
export function secretFromEnv(): string {
  const s = process.env.POPLINE_PASSWORD;
  if (!s) throw new UsageError('set POPLINE_PASSWORD to the password (or OAuth token)');
  return s;
}
