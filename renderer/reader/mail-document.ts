// The document a message's HTML is shown in: already-sanitised body markup inside a page whose own
// CSP lets no remote origin in at all. Never lets a script, a style sheet or a remote load in.

/**
 * Images only from data: URLs — the message's own inline images and, once the user asks, the
 * remote ones main fetched (remote-images.ts); remote style sheets, fonts and media stay blocked.
 * No style-src: the mail's styles go in through the CSSOM (mail-frame.tsx), which no CSP governs.
 */
const FRAME_CSP = ["default-src 'none'", 'img-src data:', 'font-src data:'];

export function mailFrameCsp(): string {
  return FRAME_CSP.join('; ');
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The iframe's srcdoc: the CSP meta comes first, so it governs everything after it. */
export function buildMailDocument(sanitizedBody: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(mailFrameCsp())}">` +
    '<meta name="referrer" content="no-referrer">' +
    `</head><body>${sanitizedBody}</body></html>`
  );
}

/** Whether a URL in mail would be fetched from the network (as opposed to data:, cid:, #anchors). */
export function isRemoteUrl(url: string): boolean {
  return /^\s*(?:https?:)?\/\//i.test(url);
}

/** Whether CSS text refers to a remote resource (url(...) or @import). */
export function cssHasRemote(css: string): boolean {
  return /url\(\s*['"]?\s*(?:https?:)?\/\//i.test(css) || /@import/i.test(css);
}
