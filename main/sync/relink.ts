// After the server renumbered its UIDLs: recognises committed messages by their headers (TOP n 0)
// instead of downloading them again. Each link is marked ambiguous in the same transaction, so no
// DELE follows until a RETR has shown the message's own bytes are the stored ones.
import type { Pop3Client } from '../pop3';
import { contentKey } from './content-key';
import type { Relinked, SyncPlan } from './plan';
import { headersOf, isSessionFailure } from './server-listing';
import type { SessionContext } from './session-context';

/** The planned fetches found stored under another name; the plan itself is not touched. */
export async function relinkRenamed(
  session: SessionContext,
  client: Pop3Client,
  plan: SyncPlan,
  listed: Set<string>,
): Promise<Relinked[]> {
  const { port } = session;
  const accountId = session.account.id;
  const candidates = [...plan.retrieve, ...plan.headersOnly];
  const keys = await Promise.all(
    candidates.map(async (m) => {
      try {
        return contentKey(await headersOf(client, m.n));
      } catch (e) {
        if (isSessionFailure(e, client)) throw e;
        return undefined;
      }
    }),
  );
  const relinked: Relinked[] = [];
  candidates.forEach((m, i) => {
    const key = keys[i];
    if (key === undefined) return;
    // Headers alone cannot tell a renamed message from another with the same headers.
    const linked = port.transaction(() => {
      const l = port.linkByContentKey(accountId, m.uidl, key, listed);
      if (l !== null) port.markAmbiguous(accountId, [m.uidl]);
      return l;
    });
    if (linked !== null) relinked.push({ m, partial: linked.partial });
  });
  if (relinked.length) {
    session.log.info(
      `the server changed its UIDLs: ${relinked.length} message(s) matched committed ones by their headers and were not downloaded again; each is deleted from the server only after its bytes are downloaded and compared`,
    );
  }
  return relinked;
}
