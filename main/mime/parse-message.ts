// Derives the summary fields the store keeps for a message (ParsedMessage) from its raw bytes.
// Never throws and never drops a message: whatever cannot be parsed is reported in parseError.

import { addressParser } from 'postal-mime';
import { firstHeader, scanHeaders } from './header-scan';
import { collapseWhitespace, htmlToPlainText, truncateAtWord } from './html-text';
import type { ParsedMessage } from './mime-types';
import {
  describeError,
  headerProblem,
  parseDateMs,
  readMime,
  safeDecodeWords,
  toMailAddress,
  toMailAddresses,
} from './postal-read';

/** Only this much of a message is parsed for its summary; the raw bytes are kept whole regardless. */
export const SUMMARY_PARSE_LIMIT = 4 * 1024 * 1024;
/** Body text kept for the full-text index. */
export const BODY_TEXT_CAP = 64 * 1024;
export const SNIPPET_LENGTH = 200;

/** Cuts at a line end so a truncated message still ends on a whole line for the parser. */
export function summaryPrefix(raw: Uint8Array): Uint8Array {
  if (raw.length <= SUMMARY_PARSE_LIMIT) return raw;
  const lastNewline = raw.lastIndexOf(0x0a, SUMMARY_PARSE_LIMIT);
  return raw.subarray(0, lastNewline > 0 ? lastNewline + 1 : SUMMARY_PARSE_LIMIT);
}

/**
 * The words of the part the reader shows (the HTML one when there is one, as in a
 * multipart/alternative message), then the attachments' file names, so that both are found.
 */
function bodyTextOf(text: string | undefined, html: string | undefined, names: string[]): string {
  // Bounded input for the regexes below: the cap applies to the result, so 4x is plenty.
  const limit = BODY_TEXT_CAP * 4;
  const shown = html?.trim() ? htmlToPlainText(html.slice(0, limit)) : (text ?? '').slice(0, limit);
  return collapseWhitespace(`${shown} ${names.join(' ')}`).slice(0, BODY_TEXT_CAP);
}

/** Readable text for the snippet: the plain part when it has words, else the HTML's. */
function snippetOf(text: string | undefined, html: string | undefined): string {
  const source = text?.trim()
    ? text.slice(0, SNIPPET_LENGTH * 8)
    : htmlToPlainText((html ?? '').slice(0, BODY_TEXT_CAP));
  return truncateAtWord(collapseWhitespace(source), SNIPPET_LENGTH);
}

/** The summary of a message the MIME parser rejected: headers read line by line, no body. */
function fallbackSummary(raw: Uint8Array, parseError: string): ParsedMessage {
  try {
    const fields = scanHeaders(raw);
    const fromValue = firstHeader(fields, 'from');
    const listOf = (name: string) =>
      fields
        .filter((field) => field.name.toLowerCase() === name)
        .flatMap((field) => toMailAddresses(addressParser(field.value)));
    const messageId = firstHeader(fields, 'message-id');
    return {
      from: fromValue ? toMailAddress(addressParser(fromValue)[0]) : null,
      to: listOf('to'),
      cc: listOf('cc'),
      subject: safeDecodeWords(firstHeader(fields, 'subject') ?? ''),
      date: parseDateMs(firstHeader(fields, 'date')),
      messageId: messageId?.trim() || null,
      snippet: '',
      hasAttachments: false,
      bodyText: '',
      parseError,
    };
  } catch (error) {
    return {
      from: null,
      to: [],
      cc: [],
      subject: '',
      date: null,
      messageId: null,
      snippet: '',
      hasAttachments: false,
      bodyText: '',
      parseError: `${parseError}; header scan failed too: ${describeError(error)}`,
    };
  }
}

/** What parseMessage gives for a message the parser could not handle, with the reason why. */
export function unparsedSummary(raw: Uint8Array, reason: string): ParsedMessage {
  return fallbackSummary(summaryPrefix(raw), reason);
}

export async function parseMessage(raw: Buffer | Uint8Array): Promise<ParsedMessage> {
  const input = summaryPrefix(raw);
  try {
    const email = await readMime(input);
    const names = email.attachments
      .filter((attachment) => attachment.related !== true && attachment.filename)
      .map((attachment) => attachment.filename ?? '');
    const bodyText = bodyTextOf(email.text, email.html, names);
    return {
      from: toMailAddress(email.from),
      to: toMailAddresses(email.to),
      cc: toMailAddresses(email.cc),
      subject: email.subject?.trim() ?? '',
      date: parseDateMs(email.date),
      messageId: email.messageId?.trim() || null,
      snippet: snippetOf(email.text, email.html),
      hasAttachments: email.attachments.some((attachment) => attachment.related !== true),
      bodyText,
      parseError: headerProblem(email),
    };
  } catch (error) {
    return fallbackSummary(input, describeError(error));
  }
}
