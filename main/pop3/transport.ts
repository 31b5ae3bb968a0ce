// Opens the byte stream to a POP3 server: TCP, implicit TLS or the STLS upgrade, with certificate
// checks and pinning. It never hands out a TLS socket whose certificate it has not accepted.
import { isIP, Socket } from 'node:net';
import {
  checkServerIdentity,
  connect as tlsConnect,
  rootCertificates,
  type DetailedPeerCertificate,
  type PeerCertificate,
  type TLSSocket,
} from 'node:tls';
import { Pop3Error } from './errors';
import type { CertificateInfo, ConnectOptions, SecurityInfo } from './types';

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** Upper-case hex without separators, so "ab:cd" and "ABCD" compare equal. */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}

export function fingerprintsMatch(a: string, b: string): boolean {
  const x = normalizeFingerprint(a);
  return x.length === 64 && x === normalizeFingerprint(b);
}

function formatName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

export function describeCertificate(cert: PeerCertificate): CertificateInfo {
  return {
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    fingerprint256: cert.fingerprint256,
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
  };
}

/** Maps a socket error to the engine's kinds; `tlsPhase` marks errors during a handshake. */
export function classifySocketError(err: unknown, tlsPhase = false): Pop3Error {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code;
  const detail = e?.message ?? String(err);
  if (code === 'ECONNREFUSED') {
    return new Pop3Error('connection-refused', `connection refused: ${detail}`, { cause: err });
  }
  if (code === 'ETIMEDOUT') return new Pop3Error('timeout', `timed out: ${detail}`, { cause: err });
  if (tlsPhase) return new Pop3Error('tls', `TLS handshake failed: ${detail}`, { cause: err });
  return new Pop3Error('connection', `connection failed: ${detail}`, { cause: err });
}

/** Connects TCP within the connect timeout. */
export function openTcp(opts: ConnectOptions): Promise<Socket> {
  const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(
        new Pop3Error(
          'timeout',
          `no connection to ${opts.host}:${opts.port} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    // Stays attached (inert once settled) so no error can go unheard before the session listens.
    socket.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(classifySocketError(err));
    });
    socket.connect({ host: opts.host, port: opts.port }, () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/**
 * Runs the TLS handshake over a connected socket and decides trust: a valid chain and matching
 * name, or, when a fingerprint is pinned, that exact certificate and nothing else.
 */
export function startTls(
  socket: Socket,
  opts: ConnectOptions,
  security: 'tls' | 'starttls',
): Promise<{ socket: TLSSocket; info: SecurityInfo }> {
  const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const name = opts.servername ?? opts.host;
  return new Promise((resolve, reject) => {
    let settled = false;
    const tlsSocket = tlsConnect({
      socket,
      servername: isIP(name) === 0 ? name : undefined,
      ca: opts.ca === undefined ? undefined : [...rootCertificates, opts.ca],
      // Trust is decided below, so that a pinned certificate can be accepted and an untrusted one
      // reported with its fingerprint.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    const fail = (err: Pop3Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tlsSocket.destroy();
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new Pop3Error('timeout', `TLS handshake not finished within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onError = (err: Error): void => fail(classifySocketError(err, true));
    const onClose = (): void =>
      fail(new Pop3Error('tls', 'server closed the connection during the TLS handshake'));
    // Both stay attached, inert once settled, so no error can go unheard before the session listens.
    tlsSocket.on('error', onError);
    tlsSocket.on('close', onClose);
    tlsSocket.once('secureConnect', () => {
      if (settled) return;
      const cert = tlsSocket.getPeerCertificate(false) as DetailedPeerCertificate | undefined;
      if (!cert || !cert.fingerprint256) {
        fail(new Pop3Error('tls', 'server presented no certificate'));
        return;
      }
      const info = describeCertificate(cert);
      const identityError = checkServerIdentity(name, cert);
      const trusted = tlsSocket.authorized && identityError === undefined;
      let pinned = false;
      if (opts.certFingerprint256 !== undefined) {
        if (!fingerprintsMatch(opts.certFingerprint256, cert.fingerprint256)) {
          fail(
            new Pop3Error(
              'certificate-untrusted',
              `certificate ${cert.fingerprint256} is not the pinned one`,
              { certificate: { subject: info.subject, fingerprint256: info.fingerprint256 } },
            ),
          );
          return;
        }
        pinned = !trusted;
      } else if (!trusted) {
        const why = identityError?.message ?? String(tlsSocket.authorizationError ?? 'untrusted');
        fail(
          new Pop3Error('certificate-untrusted', `certificate not trusted: ${why}`, {
            certificate: { subject: info.subject, fingerprint256: info.fingerprint256 },
          }),
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      const protocol = tlsSocket.getProtocol();
      const cipher = tlsSocket.getCipher()?.name;
      resolve({
        socket: tlsSocket,
        info: {
          security,
          ...(protocol ? { tlsProtocol: protocol } : {}),
          ...(cipher ? { cipher } : {}),
          certificate: info,
          pinned,
        },
      });
    });
  });
}
