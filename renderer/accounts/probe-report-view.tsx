// What "Test connection" found: how the connection is protected, the certificate, what the
// server offers (capabilities, LOGIN-DELAY, EXPIRE) and anything worth a warning.
import type { ProbeReport } from '../../shared/model/probe-report';
import { formatSize, plural } from '../ui/format';
import { CertificateDetails } from './certificate-details';

const SECURITY_WORDS: Record<ProbeReport['security'], string> = {
  tls: 'TLS',
  starttls: 'STARTTLS',
  none: 'no encryption',
};

function loginDelayWords(seconds: number | null): string {
  if (seconds === null) return 'not announced';
  if (seconds === 0) return 'none';
  return seconds % 60 === 0 ? `one login every ${plural(seconds / 60, 'minute')}` : `${seconds} s`;
}

function expireWords(expire: ProbeReport['expire']): string {
  if (expire === null) return 'not announced';
  if (expire === 'never') return 'never (the server keeps mail)';
  if (expire === 0) return 'deletes mail once retrieved';
  return `deletes retrieved mail after ${plural(expire, 'day')}`;
}

export function ProbeReportView({ report }: { report: ProbeReport }) {
  return (
    <div className="probe-report">
      <p className="probe-ok">
        Connected to {report.host}:{report.port} with {SECURITY_WORDS[report.security]}
        {report.tlsProtocol ? ` (${report.tlsProtocol})` : ''}, signed in with {report.authMethod}.{' '}
        {plural(report.messages, 'message')} ({formatSize(report.octets)}) waiting.
      </p>
      {report.warnings.length ? (
        <ul className="probe-warnings">
          {report.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>LOGIN-DELAY</dt>
        <dd>{loginDelayWords(report.loginDelay)}</dd>
        <dt>EXPIRE</dt>
        <dd>{expireWords(report.expire)}</dd>
        {report.implementation ? (
          <>
            <dt>Server</dt>
            <dd>{report.implementation}</dd>
          </>
        ) : null}
        <dt>Capabilities</dt>
        <dd className="capabilities">{report.capabilities.join(' · ') || 'none listed'}</dd>
      </dl>
      {report.certificate ? (
        <>
          <h3 className="facts-title">
            Certificate{report.certificate.pinned ? ' (trusted because you chose to trust it)' : ''}
          </h3>
          <CertificateDetails certificate={report.certificate} />
        </>
      ) : null}
    </div>
  );
}
