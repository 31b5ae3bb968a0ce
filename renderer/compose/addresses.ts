// The address fields as the user types them: "Bob <bob@example.org>, carol@example.org".
// Each entry is checked as the field is; nothing is sent while one is not an address.
import type { Recipient } from '../../shared/model/compose';

const ADDRESS = /^[^\s<>(),;:"@]+@[^\s<>(),;:"@]+\.[^\s<>(),;:"@]+$/;

export interface ParsedRecipients {
  recipients: Recipient[];
  /** Entries that are not addresses, as typed. */
  invalid: string[];
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
