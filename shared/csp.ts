// The Content-Security-Policy every renderer page is served with (Electron and the browser bridge).
// Never allows inline script or style, eval, plugins, forms, any remote origin, or connections to
// anything but the app itself (and the bridge's socket).
//
// The reader shows mail in a sandboxed srcdoc frame, which inherits this policy (its own can only
// narrow it). So nothing in a mail can reach the network either: remote images the user asks for
// are fetched by main and shown as data: URLs, and the mail's styles go in through the CSSOM,
// which needs no 'unsafe-inline'. Remote style sheets, fonts and media are never loaded.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the bridge's ws://127.0.0.1:PORT. */
  connect?: string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connect ?? [])]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['media-src', ["'none'"]],
    ['frame-src', ["'self'", 'blob:']],
    ['worker-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The sources of one directive of a policy, for checks. */
export function cspSources(policy: string, directive: string): string[] | undefined {
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === directive) return sources;
  }
  return undefined;
}
