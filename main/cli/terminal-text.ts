// Text from mail and servers made harmless for a terminal: control characters (C0, DEL, C1, so
// every ESC/CSI/OSC sequence: screen clears, window titles, OSC 8 links, OSC 52 clipboard writes)
// and bidi overrides, embeddings, isolates and marks are shown escaped (`\x1b`, `\u202e`), never
// written. `--json` keeps exact JSON; `show --raw` bypasses this entirely.

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');
const escape = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
};

// Bidi: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI; line and paragraph separators.
const BIDI_AND_SEPARATORS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029';
const ONE_LINE_UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_AND_SEPARATORS}]`, 'g');
// Tab and line feed keep their meaning in a body; a bare CR could overwrite what was printed.
const MULTI_LINE_UNSAFE = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_AND_SEPARATORS}]`,
  'g',
);
// Inside JSON strings: what JSON.stringify leaves as is but a terminal could act on or reorder.
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f${BIDI_AND_SEPARATORS}]`, 'g');

/** One field on one line (subject, address, file name, log line): every control escaped. */
export function terminalLine(text: string): string {
  return text.replace(ONE_LINE_UNSAFE, escape);
}

/** A body of text: line breaks and tabs kept (CRLF as LF), every other control escaped. */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(MULTI_LINE_UNSAFE, escape);
}

/**
 * JSON.stringify, with DEL, C1 and bidi characters also written as \u escapes (C0 already are):
 * the same JSON value, byte-safe for a terminal. They can only occur inside strings.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (char) => `\\u${hex(char.charCodeAt(0), 4)}`,
  );
}
