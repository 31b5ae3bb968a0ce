// Certificate fingerprints compared as the same value however they are written (colons, case).

export function sameFingerprint(a: string, b: string): boolean {
  const bare = (f: string) => f.replace(/:/g, '').toUpperCase();
  return bare(a) === bare(b);
}
