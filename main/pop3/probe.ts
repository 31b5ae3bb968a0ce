// "Test connection": one short session (connect, log in, STAT, QUIT) reported as plain data.
// It never retrieves or deletes mail, and always hands back the protocol log, also on failure.
import type { Capabilities } from './capabilities';
import { Pop3Client } from './client';
import { Pop3Error } from './errors';
import type { ProtocolLogEntry } from './protocol-log';
import type { AuthOptions, ConnectOptions, QuitResult, SecurityInfo } from './types';

export interface ProbeReport {
  security: SecurityInfo;
  /** CAPA lines as the server sent them (after login when they were re-read). */
  capabilities: string[];
  parsed: Capabilities;
  loginDelay: number | null;
  expire: number | 'never' | null;
  messages: number;
  octets: number;
  authMethod: string;
  log: ProtocolLogEntry[];
  quit: QuitResult;
}

export async function runProbe(opts: ConnectOptions & AuthOptions): Promise<ProbeReport> {
  const log: ProtocolLogEntry[] = [];
  const forward = opts.onLog;
  const onLog = (entry: ProtocolLogEntry): void => {
    log.push(entry);
    forward?.(entry);
  };
  let client: Pop3Client | undefined;
  try {
    client = await Pop3Client.connect({ ...opts, onLog });
    const { method } = await client.authenticate({
      user: opts.user,
      secret: opts.secret,
      method: opts.method,
      allowInsecurePassword: opts.allowInsecurePassword,
    });
    const { count, octets } = await client.stat();
    const quit = await client.quit();
    const parsed = client.capabilities;
    return {
      security: client.securityInfo,
      capabilities: [...parsed.raw],
      parsed,
      loginDelay: parsed.loginDelay?.seconds ?? null,
      expire: parsed.expire?.days ?? null,
      messages: count,
      octets,
      authMethod: method,
      log,
      quit,
    };
  } catch (err) {
    client?.close();
    const error =
      err instanceof Pop3Error
        ? err
        : new Pop3Error('protocol', err instanceof Error ? err.message : String(err), {
            cause: err,
          });
    error.log = [...log];
    throw error;
  }
}
