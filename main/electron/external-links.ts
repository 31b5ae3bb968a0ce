// Which links may leave the app for the system's own handlers: web pages and mail addresses only.
// Never file:, javascript:, data:, custom schemes or anything that could run or open local things.

const EXTERNAL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
