// Parses CAPA replies (RFC 2449, 2595, 5034, 6856) into what the client acts on.
// Never guesses: an absent capability is false, and the raw lines are kept for the user to see.

export interface Capabilities {
  /** Lines exactly as the server sent them. */
  raw: string[];
  top: boolean;
  user: boolean;
  uidl: boolean;
  pipelining: boolean;
  respCodes: boolean;
  authRespCode: boolean;
  stls: boolean;
  utf8: boolean;
  /** SASL mechanism names, upper-case. */
  sasl: string[];
  loginDelay?: { seconds: number; perUser: boolean };
  expire?: { days: number | 'never'; perUser: boolean };
  /**
   * RFC 2449 EXPIRE: 0 means the server may delete every message RETR'd or TOP'd in a session at
   * QUIT, DELE or not; n means after n days; 'never' means it keeps mail; null means not
   * announced. With USER, the value before login is a default; the client re-reads CAPA after
   * login, so after authenticate() it is this user's.
   */
  expireDays: number | 'never' | null;
  implementation?: string;
}

export function emptyCapabilities(): Capabilities {
  return {
    raw: [],
    top: false,
    user: false,
    uidl: false,
    pipelining: false,
    respCodes: false,
    authRespCode: false,
    stls: false,
    utf8: false,
    sasl: [],
    expireDays: null,
  };
}

function nonNegativeInt(token: string | undefined): number | undefined {
  if (token === undefined || !/^\d{1,10}$/.test(token)) return undefined;
  return Number(token);
}

export function parseCapabilities(lines: readonly string[]): Capabilities {
  const caps = emptyCapabilities();
  caps.raw = [...lines];
  for (const line of lines) {
    const tokens = line.trim().split(/\s+/);
    const name = (tokens[0] ?? '').toUpperCase();
    const args = tokens.slice(1);
    const perUser = args.some((a) => a.toUpperCase() === 'USER');
    switch (name) {
      case 'TOP':
        caps.top = true;
        break;
      case 'USER':
        caps.user = true;
        break;
      case 'UIDL':
        caps.uidl = true;
        break;
      case 'PIPELINING':
        caps.pipelining = true;
        break;
      case 'RESP-CODES':
        caps.respCodes = true;
        break;
      case 'AUTH-RESP-CODE':
        caps.authRespCode = true;
        break;
      case 'STLS':
        caps.stls = true;
        break;
      case 'UTF8':
        caps.utf8 = true;
        break;
      case 'SASL':
        for (const mech of args) {
          const upper = mech.toUpperCase();
          if (!caps.sasl.includes(upper)) caps.sasl.push(upper);
        }
        break;
      case 'LOGIN-DELAY': {
        const seconds = nonNegativeInt(args[0]);
        if (seconds !== undefined) caps.loginDelay = { seconds, perUser };
        break;
      }
      case 'EXPIRE': {
        const value = args[0]?.toUpperCase();
        const days = value === 'NEVER' ? 'never' : nonNegativeInt(value);
        if (days !== undefined) {
          caps.expire = { days, perUser };
          caps.expireDays = days;
        }
        break;
      }
      case 'IMPLEMENTATION': {
        const text = line
          .trim()
          .slice(tokens[0]?.length ?? 0)
          .trim();
        if (text) caps.implementation = text;
        break;
      }
      default:
        break;
    }
  }
  return caps;
}

/** True when a value may differ per user, so CAPA must be asked again after login (RFC 2449 §6.5, §6.7). */
export function needsCapaAfterLogin(caps: Capabilities): boolean {
  return caps.loginDelay?.perUser === true || caps.expire?.perUser === true;
}
