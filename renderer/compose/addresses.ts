// The address fields as the user types them: "Bob <bob@example.org>, carol@example.org".
// Each entry is checked as the field is; nothing is sent while one is not an address.
import type { Recipient } from '../../shared/model/compose';

const ADDRESS = /^[^\s<>(),;:"@]+@[^\s<>(),;:"@]+\.[^\s<>(),;:"@]+$/;

export interface ParsedRecipients {
  recipients: Recipient[];
  /** Entries that are not addresses, as typed. */
  invalid: string[];
}

/** Where the last entry of a field starts (after its last comma or semicolon outside quotes). */
function lastEntryStart(text: string): number {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) start = i + 1;
  }
  return start;
}

/** The entry being typed: what completion looks up ('' when the field ends at a separator). */
export function typedEntry(text: string): string {
  return text.slice(lastEntryStart(text)).trim();
}

/** The field with its last entry replaced by the chosen address, ready for the next one. */
export function withCompletion(text: string, chosen: Recipient): string {
  const before = text.slice(0, lastEntryStart(text)).trimEnd();
  return `${before ? `${before} ` : ''}${formatRecipients([chosen])}, `;
}

/** Splits at commas and semicolons outside quotes; each entry is "Name <addr>" or "addr". */
export function parseRecipients(text: string): ParsedRecipients {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if ((ch === ',' || ch === ';') && !quoted) {
      entries.push(current);
      current = '';
    } else current += ch;
  }
  entries.push(current);
  const recipients: Recipient[] = [];
  const invalid: string[] = [];
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const angle = /^(.*)<([^<>]+)>$/.exec(raw);
    const name = (angle ? (angle[1] ?? '') : '').trim().replace(/^"(.*)"$/, '$1');
    const address = (angle ? (angle[2] ?? '') : raw).trim();
    if (ADDRESS.test(address)) recipients.push({ name, address });
    else invalid.push(raw);
  }
  return { recipients, invalid };
}

export function formatRecipients(recipients: readonly Recipient[]): string {
  return recipients
    .map((r) =>
      r.name
        ? `${/[,;"]/.test(r.name) ? `"${r.name.replace(/"/g, '')}"` : r.name} <${r.address}>`
        : r.address,
    )
    .join(', ');
}

/** Ctrl+N (Cmd+N on a Mac): a new message. */
export function isNewMessageShortcut(press: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): boolean {
  return (
    (press.ctrlKey || press.metaKey) &&
    !press.altKey &&
    !press.shiftKey &&
    press.key.toLowerCase() === 'n'
  );
}
