// `list`: the stored messages, newest first, optionally a full-text search.
import { parseArgs } from 'node:util';
import { messageQuerySchema } from '../../shared/model/message';
import { openStore } from '../store';
import { UsageError } from './cli-error';
import { needDb } from './sync-command';
import { terminalJson, terminalLine } from './terminal-text';
import type { CommandIo } from './main';

export async function listCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError('--limit must be 1-1000');
  // The same rule as the app's search box: a control character (NUL...) is a usage error.
  const search = messageQuerySchema.shape.search.safeParse(values.search);
  if (!search.success)
    throw new UsageError(`--search: ${search.error.issues[0]?.message ?? 'invalid'}`);
  const store = openStore(needDb(values), {});
  try {
    const rows = store.messages.list({
      limit,
      ...(values.search ? { search: values.search } : {}),
    });
    const items = rows.map((m) => ({
      id: m.id,
      uidl: m.uidl,
      from: m.from ? (m.from.name ? `${m.from.name} <${m.from.address}>` : m.from.address) : '',
      subject: m.subject,
      date: m.date === null ? null : new Date(m.date).toISOString(),
      size: m.size,
      read: m.read,
    }));
    if (values.json) io.out(terminalJson(items));
    else
      io.out(
        items
          .map(
            (m) =>
              `${String(m.id).padStart(6)}  ${(m.date ?? '').slice(0, 16).padEnd(16)}  ${m.read ? ' ' : '*'} ${terminalLine(m.from).slice(0, 30).padEnd(30)}  ${terminalLine(m.subject)}`,
          )
          .join('\n') || '(no messages)',
      );
    return 0;
  } finally {
    store.close();
  }
}
