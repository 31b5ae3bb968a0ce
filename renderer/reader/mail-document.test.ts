import { describe, expect, it } from 'vitest';
import { buildMailDocument, cssHasRemote, isRemoteUrl, mailFrameCsp } from './mail-document';

describe('the mail frame document', () => {
  it('lets no remote load and no script in: images only from data: URLs, styles only via the CSSOM', () => {
    const csp = mailFrameCsp();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:;');
    expect(csp).toContain('font-src data:');
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('style-src');
    expect(csp).not.toContain('unsafe-inline');
  });

  it('puts the CSP meta before the body so it governs every element', () => {
    const doc = buildMailDocument('<img src="https://x.test/a.png">');
    const meta = doc.indexOf('Content-Security-Policy');
    expect(meta).toBeGreaterThan(0);
    expect(meta).toBeLessThan(doc.indexOf('<body>'));
    expect(doc).toContain(`content="default-src 'none'; img-src data:;`);
  });

  it('tells remote URLs from ones carried in the message', () => {
    expect(isRemoteUrl('https://tracker.test/p.gif')).toBe(true);
    expect(isRemoteUrl('//tracker.test/p.gif')).toBe(true);
    expect(isRemoteUrl('cid:part1@x')).toBe(false);
    expect(isRemoteUrl('data:image/png;base64,AAAA')).toBe(false);
    expect(cssHasRemote('body { background: url( "http://x.test/bg.png") }')).toBe(true);
    expect(cssHasRemote('p { color: red }')).toBe(false);
  });
});
