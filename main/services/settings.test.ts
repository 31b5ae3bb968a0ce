import { afterEach, describe, expect, it } from 'vitest';
import { storeWithAccount } from '../store/store-test-support';
import { readSettings, writeSettings } from './settings';

let env: ReturnType<typeof storeWithAccount>;
afterEach(() => env.cleanup());

describe('settings: the attachment warning limit', () => {
  it('reads 20 MB from a store written before the setting existed, and keeps a changed one', () => {
    env = storeWithAccount();
    const repo = env.store.settings;
    repo.set('app', { theme: 'dark', notifyNewMail: false });
    expect(readSettings(repo)).toMatchObject({ theme: 'dark', attachmentWarnMegabytes: 20 });
    writeSettings(repo, { attachmentWarnMegabytes: 5 });
    expect(readSettings(repo)).toMatchObject({ theme: 'dark', attachmentWarnMegabytes: 5 });
  });

  it('refuses a limit of 0 or over the 25 MB a message may carry, keeping the stored one', () => {
    env = storeWithAccount();
    const repo = env.store.settings;
    expect(() => writeSettings(repo, { attachmentWarnMegabytes: 0 })).toThrow();
    expect(() => writeSettings(repo, { attachmentWarnMegabytes: 26 })).toThrow();
    expect(readSettings(repo).attachmentWarnMegabytes).toBe(20);
  });
});
