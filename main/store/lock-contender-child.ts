// Test fixture: another process contending for sync locks on the same database file.
// Driven line by line over stdin by sync-locks-repo.test.ts; never used by the app.

import { createInterface } from 'node:readline';
import { openStore } from './open-store';

const [dbPath, accountArg] = process.argv.slice(2);
if (!dbPath || !accountArg) throw new Error('usage: lock-contender-child.ts DB ACCOUNT_ID');
const store = openStore(dbPath);
const accountId = Number(accountArg);
const reply = (text: string) => process.stdout.write(`${text}\n`);

reply(`ready ${process.pid}`);
for await (const command of createInterface({ input: process.stdin })) {
  if (command === 'acquire') reply(`acquired ${store.locks.tryAcquire(accountId)}`);
  else if (command === 'release') reply(`released ${store.locks.release(accountId)}`);
  // Dies holding the lock, as a crashed sync would: nothing is released or closed.
  else if (command === 'crash') process.exit(0);
}
