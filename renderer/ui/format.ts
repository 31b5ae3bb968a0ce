// How numbers, dates and addresses read in the UI: one place, so every view says them the same way.
// Pure functions of their arguments (the clock and locale are passed in); never touches the DOM.
import type { MailAddress } from '../../shared/model/message';

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** Octets as people read them: 512 B, 4 KB, 1.2 MB (binary multiples, one decimal under 10). */
export function formatSize(octets: number): string {
  if (!Number.isFinite(octets) || octets < 0) return '';
  if (octets < 1024) return `${Math.round(octets)} B`;
  let value = octets / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${UNITS[unit]}`;
}

function sameDay(a: Date, b: Date): boolean {
  return (
    a.getFullYear() === b.getFullYear() &&
    a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate()
  );
}

// Building an Intl formatter costs far more than using one, and the list formats dates per row.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions) {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** A list date: the time today, day and month this year, the full date before. */
export function formatListDate(epochMs: number | null, now: number, locale?: string): string {
  if (epochMs === null) return '';
  const date = new Date(epochMs);
  const today = new Date(now);
  if (sameDay(date, today))
    return dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  if (date.getFullYear() === today.getFullYear())
    return dateFormat(locale, { day: 'numeric', month: 'short' }).format(date);
  return dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** The full date and time, for the reader and the log. */
export function formatFullDate(epochMs: number | null, locale?: string): string {
  if (epochMs === null) return 'unknown date';
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}

/** A clock time such as 10:42, for "next check at …". */
export function formatClock(epochMs: number, locale?: string): string {
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

/** A log line's time with seconds and milliseconds: protocol exchanges are fast. */
export function formatLogTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** 850 ms, 4.2 s, 3 min 5 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** "Name <addr>" when both are known, else whichever is. */
export function formatAddress(address: MailAddress | null): string {
  if (!address) return '';
  if (address.name && address.address) return `${address.name} <${address.address}>`;
  return address.name || address.address;
}

/** The short form for a list column: the name, else the address. */
export function senderLabel(address: MailAddress | null): string {
  if (!address) return '(no sender)';
  return address.name || address.address || '(no sender)';
}

export function formatAddressList(addresses: readonly MailAddress[]): string {
  return addresses.map(formatAddress).join(', ');
}

/** "1 message", "3 messages". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
