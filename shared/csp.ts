// The Content-Security-Policy every renderer page is served with (Electron and the browser bridge).
// No inline script, no eval, no remote origin: only the app's own files, plus the bridge's socket.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the bridge's ws://127.0.0.1:PORT. */
  connect?: string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    // data:/blob: for inline images of a message (cid: parts); never a remote host.
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connect ?? [])]],
    // The reader shows mail in a sandboxed frame built from a blob or srcdoc.
    ['frame-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
