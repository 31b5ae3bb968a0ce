// A message over WHOLE_PARSE_OCTETS for tests of the paths that must read it a chunk at a time: a
// short text part and one attachment of varied (not random: reproducible) octets in base64.

/** `octets` of varied bytes: every value occurs, no run compresses. */
export function variedBytes(octets: number): Buffer {
  return Buffer.from(Array.from({ length: octets }, (_, i) => (i * 2654435761) >>> 24));
}

export function largeAttachmentMessage(
  attachmentOctets: number,
  subject = 'Big report',
): { raw: string; attachment: Buffer } {
  const attachment = variedBytes(attachmentOctets);
  const raw =
    `From: Carol <carol@example.org>\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\n` +
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n' +
    'The big one.\r\n--b\r\nContent-Type: application/octet-stream\r\n' +
    'Content-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    `${attachment.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`;
  return { raw, attachment };
}
