// When a server allows the next login (RFC 2449 LOGIN-DELAY): the one rule the sync, "Test
// connection", the scheduler and the status all ask. Pure: no clock.

export interface LoginPacing {
  /** The last login the server accepted, epoch ms. */
  lastLoginAt: number | null;
  /** The LOGIN-DELAY the server announced at that login, seconds. */
  loginDelaySeconds: number | null;
  /** The server refused a login with [LOGIN-DELAY]: none before this time, epoch ms. */
  loginDeferredUntil: number | null;
}

/** The earliest moment the server allows the next login, or null when it sets no limit. */
export function nextAllowedLogin(account: LoginPacing): number | null {
  const byDelay =
    account.lastLoginAt !== null && account.loginDelaySeconds
      ? account.lastLoginAt + account.loginDelaySeconds * 1000
      : null;
  const deferred = account.loginDeferredUntil;
  if (byDelay === null) return deferred;
  return deferred === null ? byDelay : Math.max(byDelay, deferred);
}
