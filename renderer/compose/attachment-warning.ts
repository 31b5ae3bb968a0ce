// The compose window's warning over the user's attachment limit (Settings; 20 MB by default).
import { formatSize } from '../ui/format';

const MB = 1024 * 1024;

/** The words shown when the attachments are over the limit; null under it. */
export function attachmentWarning(octets: number, limitMegabytes: number): string | null {
  if (octets <= limitMegabytes * MB) return null;
  return `The attachments are ${formatSize(octets)} in all: many servers refuse messages over ${limitMegabytes} MB.`;
}
