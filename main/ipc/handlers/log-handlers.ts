// log.*: the stored protocol log (sessions newest first, their lines, a session as text).
// The text is already redacted by the POP3 engine; nothing here adds or removes a line.
import type { LogSession } from '../../../shared/model/protocol-log';
import type { SessionRecord } from '../../store';
import type { Services } from '../../services';
import { notFound } from '../../errors';
import type { HandlerGroup } from './handler-group';

function sessionView(record: SessionRecord, services: Services): LogSession {
  const identity =
    record.identityId === null ? undefined : services.store.identities.get(record.identityId);
  return {
    id: record.id,
    accountId: record.accountId,
    protocol: record.protocol,
    sender: identity ? `${identity.address} via ${identity.smtpHost}` : null,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    outcome: record.outcome,
    retrieved: record.retrieved,
    deleted: record.deleted,
    skipped: record.skipped,
    reachedUpdate: record.reachedUpdate,
    quitReply: record.quitReply,
    errorKind: record.errorKind,
    errorMessage: record.errorMessage,
  };
}

const iso = (time: number | null): string => (time === null ? '-' : new Date(time).toISOString());

export function logHandlers(services: Services): HandlerGroup<'log'> {
  const { store } = services;
  const session = (id: number) => {
    const record = store.sessions.get(id);
    if (!record) throw notFound(`session ${id}`);
    return record;
  };
  return {
    'log.sessions': (query) => store.sessions.list(query).map((s) => sessionView(s, services)),
    'log.lines': ({ sessionId, ...range }) => {
      session(sessionId);
      return store.sessions.log(sessionId, range);
    },
    'log.export': ({ sessionId }) => {
      const record = session(sessionId);
      const account = record.accountId === null ? undefined : store.accounts.get(record.accountId);
      const view = sessionView(record, services);
      const header = [
        `# Popline protocol log, session ${record.id} (${record.protocol.toUpperCase()})`,
        view.sender
          ? `# sender: ${view.sender}`
          : `# account: ${account ? `${account.user}@${account.host}:${account.port}` : record.accountId}`,
        `# started: ${iso(record.startedAt)}  ended: ${iso(record.endedAt)}`,
        `# outcome: ${record.outcome}; retrieved ${record.retrieved}, deleted ${record.deleted}` +
          `; ${record.reachedUpdate ? 'QUIT reached UPDATE' : 'ended without UPDATE'}`,
      ];
      const lines = store.sessions
        .log(sessionId)
        .map((line) => `${iso(line.time)} ${line.dir}: ${line.text}`);
      return {
        filename: `popline-session-${record.id}.log`,
        text: `${[...header, '', ...lines].join('\n')}\n`,
      };
    },
  };
}
