// The Content-Security-Policy every renderer page is served with (Electron and the browser bridge).
// Never allows inline or remote script, eval, plugins, forms, or connections to anything but the
// app itself (and the bridge's socket).
//
// The reader shows mail in a sandboxed srcdoc frame, and a srcdoc frame inherits this policy: the
// frame's own, stricter policy can only narrow it. So the passive content a message may show once
// the user allows it (remote images, styles, fonts, media) must be allowed here; the frame's policy
// keeps it off until then, and React never puts untrusted markup into the app page itself.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the bridge's ws://127.0.0.1:PORT. */
  connect?: string[];
}

const REMOTE_PASSIVE = ['http:', 'https:'];

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connect ?? [])]],
    ['style-src', ["'self'", "'unsafe-inline'", ...REMOTE_PASSIVE]],
    ['img-src', ["'self'", 'data:', 'blob:', 'cid:', ...REMOTE_PASSIVE]],
    ['font-src', ["'self'", 'data:', ...REMOTE_PASSIVE]],
    ['media-src', REMOTE_PASSIVE],
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
