// Test helper: the message/rfc822 part of a sent multipart message, its body as the bytes on the
// wire, to compare with the stored original (a forward as attachment must not re-encode it).
export function rfc822Part(raw: Buffer): { headers: string; body: Buffer } {
  const text = raw.toString('latin1');
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  const part = text
    .split(`\r\n--${boundary}`)
    .find((p) => /^Content-Type: message\/rfc822/im.test(p.slice(0, p.indexOf('\r\n\r\n'))));
  if (!boundary || part === undefined) throw new Error('no message/rfc822 part');
  const end = part.indexOf('\r\n\r\n');
  return { headers: part.slice(0, end), body: Buffer.from(part.slice(end + 4), 'latin1') };
}
