import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspSources } from './csp';

const policy = contentSecurityPolicy({ connect: ['ws://127.0.0.1:4000'] });

describe('the app CSP', () => {
  it('runs only the app own scripts: no inline script, no eval, no remote script', () => {
    expect(cspSources(policy, 'script-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-eval');
    expect(cspSources(policy, 'default-src')).toEqual(["'none'"]);
    expect(cspSources(policy, 'worker-src')).toEqual(["'none'"]);
  });

  it('connects to nothing but the app and the bridge socket it was given', () => {
    expect(cspSources(policy, 'connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
    expect(cspSources(contentSecurityPolicy(), 'connect-src')).toEqual(["'self'"]);
  });

  it('allows no plugins, no forms, no base rewriting, no framing of the app, no remote frames', () => {
    expect(cspSources(policy, 'object-src')).toEqual(["'none'"]);
    expect(cspSources(policy, 'form-action')).toEqual(["'none'"]);
    expect(cspSources(policy, 'base-uri')).toEqual(["'none'"]);
    expect(cspSources(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(cspSources(policy, 'frame-src')).not.toContain('https:');
  });

  it('lets in no remote origin at all: remote mail images come from main as data: URLs', () => {
    const directives = policy.split(';').map((part) => part.trim().split(/\s+/)[0] ?? '');
    for (const directive of directives)
      expect(cspSources(policy, directive)?.some((s) => /^(?:https?:|\*)/.test(s))).toBe(false);
    expect(cspSources(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(cspSources(policy, 'font-src')).toEqual(["'self'", 'data:']);
    expect(cspSources(policy, 'media-src')).toEqual(["'none'"]);
  });

  it('allows no inline style: the app and the mail frame style through the CSSOM', () => {
    expect(cspSources(policy, 'style-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-inline');
  });
});
