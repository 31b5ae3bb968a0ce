// The http(s) URLs a message's HTML mentions, normalised as the renderer normalises them, so main
// fetches only images the mail itself references, whatever a (compromised) renderer asks for.

const CANDIDATE = /(?:https?:)?\/\/[^\s"'<>()\\]+/gi;
const ENTITY = /&(?:amp|quot|apos|lt|gt|#(\d+)|#x([0-9a-f]+));/gi;
const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return NAMED[whole.slice(1, -1).toLowerCase()] ?? whole;
  });
}

export function urlsInHtml(html: string): Set<string> {
  const found = new Set<string>();
  for (const match of decodeEntities(html).matchAll(CANDIDATE)) {
    // srcset lists and CSS may leave a trailing comma or semicolon on the token.
    for (const token of [match[0], match[0].replace(/[,;]+$/, '')]) {
      try {
        const url = new URL(token, 'https://protocol-relative.invalid/');
        if (url.protocol === 'http:' || url.protocol === 'https:') found.add(url.href);
      } catch {
        // not a URL after all
      }
    }
  }
  return found;
}
