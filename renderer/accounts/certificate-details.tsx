// A server certificate's identity as the user needs it to decide: subject, issuer, SHA-256
// fingerprint (to compare with what the provider publishes), validity.
import type { ProbeReport } from '../../shared/model/probe-report';

type Certificate = NonNullable<ProbeReport['certificate']>;

export function CertificateDetails({
  certificate,
}: {
  certificate: Partial<Certificate> & { fingerprint256: string };
}) {
  return (
    <dl className="facts certificate">
      {certificate.subject ? (
        <>
          <dt>Subject</dt>
          <dd>{certificate.subject}</dd>
        </>
      ) : null}
      {certificate.issuer ? (
        <>
          <dt>Issuer</dt>
          <dd>{certificate.issuer}</dd>
        </>
      ) : null}
      <dt>SHA-256 fingerprint</dt>
      <dd className="fingerprint">{certificate.fingerprint256}</dd>
      {certificate.validFrom && certificate.validTo ? (
        <>
          <dt>Valid</dt>
          <dd>
            {certificate.validFrom} – {certificate.validTo}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
