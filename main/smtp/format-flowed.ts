// Plain text as format=flowed (RFC 3676) with DelSp=no: long paragraphs travel as lines of at
// most 78 octets that end in a space where they may be joined again, so a reader shows them
// reflowed and quoting keeps its depth. Lines the user broke stay broken.

const WIDTH = 76;

/** Encodes one text (any line ends) into flowed lines joined by CRLF. */
export function toFlowed(text: string, width = WIDTH): string {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    // The signature separator is the one line that keeps its trailing space.
    if (line === '-- ') {
      out.push(line);
      continue;
    }
    const quote = /^>+/.exec(line)?.[0] ?? '';
    // A trailing space would mean "joined with the next line": a hard break must not have one.
    let content = line.slice(quote.length).replace(/ +$/, '');
    if (quote && content.startsWith(' ')) content = content.slice(1);
    // Space-stuffing (RFC 3676 4.4): quoted lines get their space after the markers; a line that
    // begins with a space or "From " gets one so it is not read as a quote or mangled in transit.
    const prefix = quote ? `${quote} ` : /^( |From )/.test(content) ? ' ' : '';
    const room = Math.max(20, width - prefix.length);
    const pieces = wrap(content, room);
    pieces.forEach((piece, i) => out.push(prefix + piece + (i < pieces.length - 1 ? ' ' : '')));
  }
  return out.join('\r\n');
}

/** Splits at spaces into pieces of at most `room` characters (a longer word stays whole). */
function wrap(content: string, room: number): string[] {
  if (content.length <= room) return [content];
  const pieces: string[] = [];
  let rest = content;
  while (rest.length > room) {
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = rest.indexOf(' ', room);
    if (cut <= 0) break;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  pieces.push(rest);
  return pieces;
}

/** Reads flowed lines back into the text the user wrote (quote markers as "> "). */
export function fromFlowed(flowed: string): string {
  const out: string[] = [];
  let pending: { quote: string; text: string } | null = null;
  const render = (p: { quote: string; text: string }) => (p.quote ? `${p.quote} ` : '') + p.text;
  for (const raw of flowed.split(/\r?\n/)) {
    const quote = /^>+/.exec(raw)?.[0] ?? '';
    let content = raw.slice(quote.length);
    if (content.startsWith(' ')) content = content.slice(1);
    const soft = content.endsWith(' ') && content !== '-- ';
    if (pending && pending.quote === quote) pending.text += content;
    else {
      if (pending) out.push(render(pending));
      pending = { quote, text: content };
    }
    if (!soft) {
      out.push(render(pending));
      pending = null;
    }
  }
  if (pending) out.push(render(pending));
  return out.join('\n');
}
