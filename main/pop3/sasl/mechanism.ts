// The shape every SASL mechanism (RFC 4422, carried by POP3 AUTH per RFC 5034) implements.
// Mechanisms compute bytes only; they never touch the connection or the log.

export interface SaslMechanism {
  /** The IANA name sent after AUTH, upper-case. */
  readonly name: string;
  /** Client-first data, or null when the server speaks first. */
  initialResponse(): Buffer | null;
  /**
   * The answer to one server challenge; throws (or rejects) with a Pop3Error to cancel the
   * exchange. Expensive answers return a promise so the main thread is never blocked.
   */
  respond(challenge: Buffer): Buffer | Promise<Buffer>;
  /** Called on the final +OK; throws when the exchange did not really finish (e.g. an unverified server). */
  complete(): void;
}

/** RFC 5802 saslname: "," and "=" escaped so a user name cannot break the attribute list. */
export function saslName(user: string): string {
  return user.replace(/=/g, '=3D').replace(/,/g, '=2C');
}
