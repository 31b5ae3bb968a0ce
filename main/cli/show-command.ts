// `show`: one stored message — its headers and text, its parsed detail as JSON, the raw bytes, or
// one attachment saved to a file. A large message is read a chunk at a time and never held whole.
import { parseArgs } from 'node:util';
import {
  parseDetail,
  parseDetailOfPieces,
  WHOLE_PARSE_OCTETS,
  writeAttachmentOfPieces,
} from '../mime';
import { writeFileWhole } from '../services';
import { openStore } from '../store';
import { UsageError } from './cli-error';
import { needDb } from './sync-command';
import { terminalJson, terminalLine, terminalText } from './terminal-text';
import type { CommandIo } from './main';

export async function showCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      raw: { type: 'boolean', default: false },
      attachment: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1)
    throw new UsageError('show needs one message ID');
  if (values.json && values.raw) throw new UsageError('choose --json or --raw');
  const attachment = values.attachment === undefined ? null : Number(values.attachment);
  if (attachment !== null && (!Number.isInteger(attachment) || attachment < 0 || !values.out))
    throw new UsageError('--attachment needs an index (0, 1, ...) and --out FILE');
  const store = openStore(needDb(values));
  try {
    const record = store.messages.get(id);
    const pieces = () => store.messages.rawPieces(id) ?? [];
    if (!record || !store.messages.rawPieces(id)) {
      io.err(`error: no message ${id}`);
      return 1;
    }
    if (values.raw) {
      const out = io.rawOut ?? ((b: Uint8Array) => process.stdout.write(b));
      for (const piece of pieces()) out(piece);
      return 0;
    }
    if (attachment !== null && values.out) {
      const saved = await saveAttachment(pieces, attachment, values.out);
      io.out(`saved attachment ${attachment} (${saved} bytes) to ${terminalLine(values.out)}`);
      return 0;
    }
    // Small messages parse whole as they always have; large ones without their large parts.
    const detail =
      record.size > WHOLE_PARSE_OCTETS
        ? await parseDetailOfPieces(pieces)
        : await parseDetail(Buffer.concat([...pieces()]));
    if (values.json) {
      io.out(terminalJson({ ...record, detail }));
      return 0;
    }
    const addr = (a: { name: string; address: string } | null) =>
      terminalLine(a ? (a.name ? `${a.name} <${a.address}>` : a.address) : '');
    io.out(
      [
        `From:    ${addr(detail.from)}`,
        `To:      ${detail.to.map(addr).join(', ')}`,
        ...(detail.cc.length ? [`Cc:      ${detail.cc.map(addr).join(', ')}`] : []),
        `Date:    ${detail.date === null ? '(none)' : new Date(detail.date).toISOString()}`,
        `Subject: ${terminalLine(detail.subject)}`,
        ...detail.attachments.map(
          (a) =>
            `Attachment ${a.index}: ${terminalLine(a.filename ?? '(unnamed)')} (${terminalLine(a.mimeType)}, ${a.size} bytes)`,
        ),
        ...(detail.parseError ? [`Parse error: ${terminalLine(detail.parseError)}`] : []),
        ...(record.headersOnly ? ['(headers only: the message was over the size limit)'] : []),
        '',
        terminalText(detail.text ?? (detail.html ? '(HTML only; use --json or the app)' : '')),
      ].join('\n'),
    );
    return 0;
  } finally {
    store.close();
  }
}

/** Writes via a temporary file beside `path`, renamed over it once whole. Returns the size. */
async function saveAttachment(
  pieces: () => Iterable<Uint8Array>,
  index: number,
  path: string,
): Promise<number> {
  let size = 0;
  await writeFileWhole(path, async (sink) => {
    ({ size } = await writeAttachmentOfPieces(pieces, index, sink));
  });
  return size;
}
