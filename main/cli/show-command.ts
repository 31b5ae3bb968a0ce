// `show`: one stored message — its headers and text, its parsed detail as JSON, or the raw bytes.
import { parseArgs } from 'node:util';
import { parseDetail } from '../mime';
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
    },
    allowPositionals: true,
    strict: true,
  });
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isInteger(id) || id < 1)
    throw new UsageError('show needs one message ID');
  if (values.json && values.raw) throw new UsageError('choose --json or --raw');
  const store = openStore(needDb(values));
  try {
    const record = store.messages.get(id);
    const raw = store.messages.raw(id);
    if (!record || !raw) {
      io.err(`error: no message ${id}`);
      return 1;
    }
    if (values.raw) {
      (io.rawOut ?? ((b: Uint8Array) => process.stdout.write(b)))(raw);
      return 0;
    }
    const detail = await parseDetail(raw);
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
