// The document a message's HTML is shown in: already-sanitised body markup inside a page whose own
// CSP keeps every remote load off until the user asks. Never lets a script or a remote origin in
// while remote content is blocked.

/** Without the user's consent: only images carried in the message itself. */
const BLOCKED = [
  "default-src 'none'",
  'img-src data: cid:',
  "style-src 'unsafe-inline'",
  'font-src data:',
];

/** After "Load remote content": images, styles and fonts from the web; still no script, frame or form. */
const REMOTE = [
  "default-src 'none'",
  'img-src data: cid: http: https:',
  "style-src 'unsafe-inline' http: https:",
  'font-src data: http: https:',
  'media-src http: https:',
];

export function mailFrameCsp(allowRemote: boolean): string {
  return (allowRemote ? REMOTE : BLOCKED).join('; ');
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The iframe's srcdoc: the CSP meta comes first, so it governs everything after it. */
export function buildMailDocument(
  sanitizedBody: string,
  options: { allowRemote: boolean },
): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(mailFrameCsp(options.allowRemote))}">` +
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
