// Turns an attachment's name (chosen by whoever sent the mail) into one that is safe to show and to
// save on Linux, macOS and Windows: it cannot leave the folder it is saved in, cannot pose as
// another type by reordering its text (bidi controls), cannot name a Windows device, and fits the
// 255-byte limit of common file systems without splitting a character.

/** Bytes of a file name on ext4, APFS and (as UTF-16, more generous) NTFS. */
export const MAX_FILE_NAME_BYTES = 255;
/** A last `.part` longer than this is not treated as an extension worth keeping. */
const MAX_EXTENSION_BYTES = 32;

// Controls (C0, DEL, C1), format characters (bidi overrides and isolates, zero-width ones, the
// BOM...), line and paragraph separators, lone surrogates and unassigned code points. All invisible
// or unsafe in a name; none is needed to read it.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]/gu;
// Path separators and what Windows refuses in a name.
const FORBIDDEN = /[/\\:*?"<>|]/g;
// Windows device names, whatever follows the first dot, in any case; also with a space before it
// (Windows drops it) and COM/LPT with a superscript digit, which Windows treats as a digit.
const RESERVED_WINDOWS_NAME =
  /^(?:con|prn|aux|nul|conin\$|conout\$|(?:com|lpt)[0-9¹²³]) *(?:\.|$)/i;

// Counted by hand: shared/ runs with neither DOM nor Node types, so no TextEncoder. A lone
// surrogate counts 3, as the U+FFFD an encoder writes for it.
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The longest run of whole graphemes from the start of `text` within `maxBytes` UTF-8 bytes. */
function truncateGraphemes(text: string, maxBytes: number): string {
  let kept = '';
  let bytes = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(
    text,
  )) {
    const size = utf8Bytes(segment);
    if (bytes + size > maxBytes) break;
    kept += segment;
    bytes += size;
  }
  return kept;
}

/** At most MAX_FILE_NAME_BYTES, keeping a (short) extension whole. */
function fitLength(name: string): string {
  if (utf8Bytes(name) <= MAX_FILE_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const extensionBytes = utf8Bytes(extension);
  if (extension && extensionBytes <= MAX_EXTENSION_BYTES)
    return truncateGraphemes(name.slice(0, dot), MAX_FILE_NAME_BYTES - extensionBytes) + extension;
  return truncateGraphemes(name, MAX_FILE_NAME_BYTES);
}

const trimDotsAndSpaces = (name: string): string => name.replace(/^[\s.]+|[\s.]+$/gu, '');

/**
 * A file name that cannot leave the folder it is saved in, on any of the three systems; the
 * fallback when nothing usable is left. Idempotent: a safe name comes back unchanged.
 */
export function safeFileName(name: string | null | undefined, fallback = 'attachment'): string {
  const cleaned = (name ?? '').replace(INVISIBLE, '').normalize('NFC').replace(FORBIDDEN, '_');
  let safe = trimDotsAndSpaces(cleaned);
  if (!safe) return fallback;
  if (RESERVED_WINDOWS_NAME.test(safe)) safe = `_${safe}`;
  // Cutting can leave a trailing dot or space (the stem's end, before a dropped extension).
  return trimDotsAndSpaces(fitLength(safe)) || fallback;
}
