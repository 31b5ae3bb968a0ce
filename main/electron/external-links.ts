// Which links may leave the app for the system's own handlers: web pages and mail addresses only.
// Never file:, javascript:, data:, custom schemes or anything that could run or open local things.
// A mailto: link keeps only its addresses, subject and body: attach=, attachment=, cc=, bcc= and
// the rest are for a hostile mail to abuse (some mail programs attach local files by name).

const WEB_SCHEMES = new Set(['http:', 'https:']);
const MAILTO_FIELDS = ['subject', 'body'] as const;

/** The first subject and body, decoded as RFC 6068 says: names in any case, '+' is a plus. */
function mailtoFields(search: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    if (!(MAILTO_FIELDS as readonly string[]).includes(name) || fields.has(name)) continue;
    try {
      fields.set(name, decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1)));
    } catch {
      // A malformed escape: the field is dropped, the link still opens.
    }
  }
  return fields;
}

function reducedMailto(url: URL): string {
  const fields = mailtoFields(url.search);
  const query = MAILTO_FIELDS.flatMap((field) => {
    const value = fields.get(field);
    return value === undefined ? [] : [`${field}=${encodeURIComponent(value)}`];
  });
  return `mailto:${url.pathname}${query.length ? `?${query.join('&')}` : ''}`;
}

/** The URL to hand to the system for a link the user followed, or null to open nothing. */
export function externalUrlToOpen(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (WEB_SCHEMES.has(url.protocol)) return url.href;
  if (url.protocol === 'mailto:') return reducedMailto(url);
  return null;
}
