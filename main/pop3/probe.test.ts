import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../testing/scripted-pop3-server';
import { Pop3Error } from './errors';
import { runProbe } from './probe';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(...args: Parameters<typeof startScriptedServer>): Promise<ScriptedServer> {
  const server = await startScriptedServer(...args);
  servers.push(server);
  return server;
}

describe('runProbe', () => {
  it('reports security, capabilities, limits, mailbox size and the whole log, and changes nothing', async () => {
    const server = await serve({
      mailbox: [{ body: Buffer.from('a\r\n') }, { body: Buffer.from('bc\r\n') }],
      capabilities: ['USER', 'UIDL', 'LOGIN-DELAY 600', 'EXPIRE NEVER', 'SASL CRAM-MD5'],
    });
    const report = await runProbe({
      host: server.host,
      port: server.port,
      security: 'none',
      user: 'user',
      secret: 'secret',
    });
    expect(report).toMatchObject({
      security: { security: 'none', pinned: false },
      capabilities: ['USER', 'UIDL', 'LOGIN-DELAY 600', 'EXPIRE NEVER', 'SASL CRAM-MD5'],
      loginDelay: 600,
      expire: 'never',
      messages: 2,
      octets: 7,
      authMethod: 'cram-md5',
      quit: { ok: true, text: 'bye' },
    });
    expect(report.parsed.uidl).toBe(true);
    expect(report.log.slice(-2).map((e) => `${e.dir} ${e.text}`)).toEqual(['C QUIT', 'S +OK bye']);
    expect(server.commands.filter((c) => /^(RETR|DELE|TOP)/.test(c))).toEqual([]);
    expect(server.mailbox()).toHaveLength(2);
  });

  it('reports null limits when the server announces none', async () => {
    const server = await serve({ capabilities: ['USER'] });
    const report = await runProbe({
      host: server.host,
      port: server.port,
      security: 'none',
      user: 'user',
      secret: 'secret',
      method: 'user',
      allowInsecurePassword: true,
    });
    expect(report.loginDelay).toBeNull();
    expect(report.expire).toBeNull();
  });

  it('throws a typed error carrying the redacted log so far', async () => {
    const server = await serve();
    const seen: string[] = [];
    const failure = await runProbe({
      host: server.host,
      port: server.port,
      security: 'none',
      user: 'user',
      secret: 'wrong-password',
      method: 'user',
      allowInsecurePassword: true,
      onLog: (e) => seen.push(e.text),
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Pop3Error);
    const err = failure as Pop3Error;
    expect(err.kind).toBe('auth');
    const texts = err.log?.map((e) => e.text) ?? [];
    expect(texts).toContain('PASS ********');
    expect(texts.at(-1)).toMatch(/^-ERR \[AUTH\]/);
    expect(texts.join('\n')).not.toContain('wrong-password');
    expect(seen).toEqual(texts);
  });
});
