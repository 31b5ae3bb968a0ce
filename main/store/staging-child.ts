// Test fixture: another process staging large bodies on the same database file, as `popline
// import` beside the app. Driven line by line over stdin by staged-bodies.test.ts; never used by the app.

import { createInterface } from 'node:readline';
import { openStore } from './open-store';

const [dbPath, accountArg] = process.argv.slice(2);
if (!dbPath || !accountArg) throw new Error('usage: staging-child.ts DB ACCOUNT_ID');
const store = openStore(dbPath);
const accountId = Number(accountArg);
const reply = (text: string) => process.stdout.write(`${text}\n`);

reply(`ready ${process.pid}`);
for await (const command of createInterface({ input: process.stdin })) {
  const [verb, arg] = command.split(' ');
  // Stages that many octets and keeps the body staged, as an import still reading it would.
  if (verb === 'stage') {
    const stager = store.stagedBodies.stage(accountId);
    stager.append(Buffer.alloc(Number(arg), 0x62));
    reply(`staged ${stager.finish().blobId}`);
  } else if (verb === 'leftovers')
    reply(`removed ${store.stagedBodies.removeLeftovers(accountId)}`);
  // Dies with its body staged, as a crashed import would: nothing is discarded or closed.
  else if (verb === 'crash') process.exit(0);
}
