// The messages the end-to-end tests deliver to Dovecot: plain text, HTML with a remote image, one
// with an attachment, one with inline (cid:) images, and one carrying script payloads. Built by
// hand as RFC 5322 text.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

const CRLF = '\r\n';

function header(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}`)
    .join(CRLF);
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

const date = (minute: number) =>
  new Date(Date.UTC(2026, 9, 1, 9, minute)).toUTCString().replace('GMT', '+0000');

export interface TestMail {
  subject: string;
  sender: string;
  raw: string;
}

export function plainMail(opts: {
  subject: string;
  sender?: string;
  body: string;
  minute?: number;
  /** The Date header; else 1 October 2026, 09:MM UTC with MM = minute. */
  date?: Date;
}): TestMail {
  const sender = opts.sender ?? 'Ada Lovelace';
  const raw =
    header({
      From: `${sender} <ada@example.test>`,
      To: 'Alice <alice@example.test>',
      Subject: opts.subject,
      Date: opts.date ? opts.date.toUTCString().replace('GMT', '+0000') : date(opts.minute ?? 1),
      'Message-ID': `<${createHash('sha1').update(opts.subject).digest('hex').slice(0, 16)}@example.test>`,
      'MIME-Version': '1.0',
      'Content-Type': 'text/plain; charset=utf-8',
    }) +
    CRLF +
    CRLF +
    opts.body.replace(/\n/g, CRLF) +
    CRLF;
  return { subject: opts.subject, sender, raw };
}

export function htmlMail(opts: {
  subject: string;
  html: string;
  sender?: string;
  minute?: number;
}): TestMail {
  const sender = opts.sender ?? 'Grace Hopper';
  const boundary = 'popline-alt-boundary';
  const raw =
    header({
      From: `${sender} <grace@example.test>`,
      To: 'alice@example.test',
      Subject: opts.subject,
      Date: date(opts.minute ?? 2),
      'MIME-Version': '1.0',
      'Content-Type': `multipart/alternative; boundary="${boundary}"`,
    }) +
    CRLF +
    CRLF +
    `--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}The HTML part says it better.${CRLF}` +
    `--${boundary}${CRLF}Content-Type: text/html; charset=utf-8${CRLF}${CRLF}${opts.html.replace(/\n/g, CRLF)}${CRLF}` +
    `--${boundary}--${CRLF}`;
  return { subject: opts.subject, sender, raw };
}

export function attachmentMail(opts: {
  subject: string;
  filename: string;
  content: Buffer;
  minute?: number;
}): TestMail {
  const sender = 'Katherine Johnson';
  const boundary = 'popline-mixed-boundary';
  const raw =
    header({
      From: `${sender} <katherine@example.test>`,
      To: 'alice@example.test',
      Subject: opts.subject,
      Date: date(opts.minute ?? 3),
      'MIME-Version': '1.0',
      'Content-Type': `multipart/mixed; boundary="${boundary}"`,
    }) +
    CRLF +
    CRLF +
    `--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}The figures are attached.${CRLF}` +
    `--${boundary}${CRLF}Content-Type: application/octet-stream; name="${opts.filename}"${CRLF}` +
    `Content-Disposition: attachment; filename="${opts.filename}"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}` +
    `${base64Lines(opts.content)}${CRLF}` +
    `--${boundary}--${CRLF}`;
  return { subject: opts.subject, sender, raw };
}

export interface InlinePart {
  /** Without angle brackets, as the HTML's cid: URLs name it. */
  contentId: string;
  mimeType: string;
  content: Buffer;
}

/** multipart/related: the HTML, then the parts it refers to by cid:. */
export function relatedMail(opts: {
  subject: string;
  html: string;
  parts: InlinePart[];
  minute?: number;
}): TestMail {
  const sender = 'Florence Nightingale';
  const boundary = 'popline-related-boundary';
  const parts = opts.parts.map(
    (part) =>
      `--${boundary}${CRLF}Content-Type: ${part.mimeType}${CRLF}Content-ID: <${part.contentId}>${CRLF}` +
      `Content-Disposition: inline${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}` +
      `${base64Lines(part.content)}${CRLF}`,
  );
  const raw =
    header({
      From: `${sender} <florence@example.test>`,
      To: 'alice@example.test',
      Subject: opts.subject,
      Date: date(opts.minute ?? 5),
      'MIME-Version': '1.0',
      'Content-Type': `multipart/related; boundary="${boundary}"; type="text/html"`,
    }) +
    CRLF +
    CRLF +
    `--${boundary}${CRLF}Content-Type: text/html; charset=utf-8${CRLF}${CRLF}${opts.html.replace(/\n/g, CRLF)}${CRLF}` +
    parts.join('') +
    `--${boundary}--${CRLF}`;
  return { subject: opts.subject, sender, raw };
}

/** A solid-colour RGB PNG of the given size: a picture whose dimensions a test can check. */
export function pngImage(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(Array(height).fill(row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Bytes that survive only an exact copy: every byte value, then a pseudo-random tail. */
export function attachmentBytes(length = 6000): Buffer {
  const bytes = Buffer.alloc(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    if (i < 256) bytes[i] = i;
    else {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
  }
  return bytes;
}

/** The flag every payload below would set if any of it ran. */
export const XSS_FLAG = '__poplineXss';

export function xssMail(minute = 4): TestMail {
  const set = (how: string) =>
    `top.${XSS_FLAG}='${how}';parent.${XSS_FLAG}='${how}';window.${XSS_FLAG}='${how}'`;
  return htmlMail({
    subject: 'Suspicious markup inside',
    sender: 'Mallory',
    minute,
    html: [
      '<html><head><script>' + set('head-script') + '</script></head><body>',
      '<p>Hello, nothing to see here.</p>',
      '<script>' + set('script') + '</script>',
      `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="broken" onerror="${set('onerror')}">`,
      `<div onmouseover="${set('mouseover')}">hover me</div>`,
      `<a href="javascript:${set('link')}">Click for a prize</a>`,
      `<svg onload="${set('svg')}"><circle r="4"></circle></svg>`,
      `<iframe src="javascript:${set('iframe')}"></iframe>`,
      `<form action="javascript:${set('form')}"><button>Send</button></form>`,
      '</body></html>',
    ].join('\n'),
  });
}
