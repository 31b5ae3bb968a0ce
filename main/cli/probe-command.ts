// `probe`: connect, authenticate, STAT, QUIT, and report what the server is and said.
import { parseArgs } from 'node:util';
import { runProbe, type ProbeReport } from '../pop3';
import { formatLogLine, formatOctets } from './format';
import { readServerArgs, secretFromEnv, serverOptions } from './options';
import type { CommandIo } from './main';

export function probeJson(r: ProbeReport) {
  const cert = r.security.certificate;
  return {
    security: r.security.security,
    tls: r.security.tlsProtocol ?? null,
    certificate: cert
      ? {
          subject: cert.subject,
          issuer: cert.issuer,
          fingerprint256: cert.fingerprint256,
          validTo: cert.validTo,
          pinned: r.security.pinned,
        }
      : null,
    authMethod: r.authMethod,
    capabilities: r.capabilities,
    loginDelay: r.loginDelay,
    expire: r.expire,
    messages: r.messages,
    octets: r.octets,
    quit: r.quit,
    log: r.log.map((l) => ({ time: new Date(l.time).toISOString(), dir: l.dir, text: l.text })),
  };
}

export function probeText(r: ProbeReport): string {
  const cert = r.security.certificate;
  const rows: Array<[string, string]> = [
    [
      'security',
      r.security.security +
        (r.security.tlsProtocol
          ? ` (${r.security.tlsProtocol}${r.security.cipher ? `, ${r.security.cipher}` : ''})`
          : ''),
    ],
  ];
  if (cert) {
    rows.push([
      'certificate',
      `${cert.subject}${r.security.pinned ? ' (trusted by pinned fingerprint)' : ''}`,
    ]);
    rows.push(['issuer', cert.issuer]);
    rows.push(['SHA-256', cert.fingerprint256]);
    rows.push(['valid until', cert.validTo]);
  }
  rows.push(['authentication', r.authMethod]);
  rows.push(['capabilities', r.capabilities.join(', ') || '(CAPA not supported)']);
  rows.push(['LOGIN-DELAY', r.loginDelay === null ? 'none announced' : `${r.loginDelay} s`]);
  rows.push([
    'EXPIRE',
    r.expire === null ? 'none announced' : r.expire === 'never' ? 'never' : `${r.expire} day(s)`,
  ]);
  rows.push(['messages', `${r.messages} (${formatOctets(r.octets)})`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    'Server report',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    'Protocol dialogue',
    ...r.log.map((l) => `  ${formatLogLine(l)}`),
  ].join('\n');
}

export async function probeCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: serverOptions, strict: true });
  const s = readServerArgs(values);
  const report = await runProbe({
    host: s.host,
    port: s.port,
    security: s.security,
    ...(s.certFingerprint256 ? { certFingerprint256: s.certFingerprint256 } : {}),
    user: s.user,
    secret: secretFromEnv(),
    method: s.auth,
    allowInsecurePassword: s.allowInsecurePassword,
    ...io.connectOverrides,
  });
  io.out(values.json ? JSON.stringify(probeJson(report), null, 2) : probeText(report));
  return 0;
}
