// Turns the POP3 engine's probe report into the contract's, adding the warnings a user needs
// before trusting the account's settings (EXPIRE against the retention, LOGIN-DELAY against
// the check interval).
import type { AccountSettings } from '../../../shared/model/account';
import type { ProbeReport } from '../../../shared/model/probe-report';
import type { ProbeReport as EngineProbeReport } from '../../pop3';

export function probeWarnings(
  report: Pick<EngineProbeReport, 'expire' | 'loginDelay'>,
  settings: Pick<AccountSettings, 'retention' | 'checkIntervalSeconds'>,
): string[] {
  const warnings: string[] = [];
  const { expire, loginDelay } = report;
  const { retention } = settings;
  if (typeof expire === 'number') {
    if (expire === 0 && (retention.mode === 'keep' || retention.mode === 'keep-days'))
      warnings.push(
        'The server deletes every message once it has been retrieved (EXPIRE 0): leaving mail on the server cannot work here.',
      );
    else if (
      retention.mode === 'keep' ||
      (retention.mode === 'keep-days' && retention.days > expire)
    )
      warnings.push(
        `The server keeps retrieved mail for only ${expire} day${expire === 1 ? '' : 's'} (EXPIRE ${expire}).`,
      );
  }
  if (loginDelay !== null && loginDelay > settings.checkIntervalSeconds)
    warnings.push(
      `The server allows one login every ${loginDelay} seconds (LOGIN-DELAY): mail is checked no more often than that.`,
    );
  return warnings;
}

export function probeView(
  report: EngineProbeReport,
  target: { host: string; port: number },
  settings: Pick<AccountSettings, 'retention' | 'checkIntervalSeconds'>,
): ProbeReport {
  const cert = report.security.certificate;
  return {
    host: target.host,
    port: target.port,
    security: report.security.security,
    tlsProtocol: report.security.tlsProtocol ?? null,
    certificate: cert
      ? {
          subject: cert.subject,
          issuer: cert.issuer,
          fingerprint256: cert.fingerprint256,
          validFrom: cert.validFrom,
          validTo: cert.validTo,
          pinned: report.security.pinned,
        }
      : null,
    capabilities: [...report.capabilities],
    loginDelay: report.loginDelay,
    expire: report.expire,
    implementation: report.parsed.implementation ?? null,
    authMethod: report.authMethod,
    messages: report.messages,
    octets: report.octets,
    warnings: probeWarnings(report, settings),
    log: report.log.map((entry) => ({ time: entry.time, dir: entry.dir, text: entry.text })),
  };
}
