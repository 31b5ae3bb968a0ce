// What "Test connection" reports about a server: how the connection is protected and what it offers.
// Plain data only; the POP3 engine's own objects never cross the contract.

export interface ProbeReport {
  host: string;
  port: number;
  /** How the session was protected: 'tls' (implicit), 'starttls' or 'none'. */
  security: 'tls' | 'starttls' | 'none';
  /** TLS protocol version, e.g. 'TLSv1.3'; null without TLS. */
  tlsProtocol: string | null;
  certificate: {
    subject: string;
    issuer: string;
    fingerprint256: string;
    validFrom: string;
    validTo: string;
    /** Trusted only because the user pinned its fingerprint. */
    pinned: boolean;
  } | null;
  /** The CAPA lines as the server sent them. */
  capabilities: string[];
  /** LOGIN-DELAY in seconds; null when not announced. */
  loginDelay: number | null;
  /** EXPIRE in days, 'never', or null when not announced. */
  expire: number | 'never' | null;
  implementation: string | null;
  /** The authentication method that succeeded. */
  authMethod: string;
  messages: number;
  octets: number;
  /** Remarks worth showing (e.g. EXPIRE shorter than the retention asks for). */
  warnings: string[];
  /** The whole dialogue, redacted, up to QUIT and its reply. */
  log: Array<{ time: number; dir: 'C' | 'S'; text: string }>;
}
