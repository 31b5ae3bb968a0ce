// `log`: the protocol dialogue of one session (the last by default), as stored.
import { parseArgs } from 'node:util';
import { openStore } from '../store';
import { UsageError } from './cli-error';
import { formatLogLine } from './format';
import { needDb } from './sync-command';
import { terminalJson, terminalLine } from './terminal-text';
import type { CommandIo } from './main';

export async function logCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      session: { type: 'string' },
      last: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.session !== undefined && values.last)
    throw new UsageError('choose --session ID or --last');
  const store = openStore(needDb(values));
  try {
    let session;
    if (values.session !== undefined) {
      const id = Number(values.session);
      if (!Number.isInteger(id) || id < 1) throw new UsageError('--session must be a session ID');
      session = store.sessions.get(id);
    } else session = store.sessions.last();
    if (!session) {
      io.err(
        values.session !== undefined
          ? `error: no session ${values.session}`
          : 'error: no session yet',
      );
      return 1;
    }
    const lines = store.sessions.log(session.id);
    if (values.json) {
      io.out(
        terminalJson({
          session: session.id,
          account: session.accountId,
          outcome: session.outcome,
          startedAt: new Date(session.startedAt).toISOString(),
          endedAt: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
          reachedUpdate: session.reachedUpdate,
          quitReply: session.quitReply,
          lines: lines.map((l) => ({
            time: new Date(l.time).toISOString(),
            dir: l.dir,
            text: l.text,
          })),
        }),
      );
    } else {
      io.out(
        [
          `session ${session.id} (${terminalLine(session.outcome)})`,
          ...lines.map(formatLogLine),
        ].join('\n'),
      );
    }
    return 0;
  } finally {
    store.close();
  }
}
