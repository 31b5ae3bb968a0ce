import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store';
import { storeWithAccount } from './store-test-support';

let env: ReturnType<typeof storeWithAccount>;
afterEach(() => env.cleanup());

describe('settings', () => {
  it('stores JSON values under keys and survives reopening', () => {
    env = storeWithAccount();
    expect(env.store.settings.get('theme')).toBeUndefined();
    env.store.settings.set('theme', 'dark');
    env.store.settings.set('app', { notifyNewMail: false, senders: ['a@example.org'] });
    env.store.settings.set('theme', 'light');
    expect(env.store.settings.get('theme')).toBe('light');
    env.store.close();
    env.store = openStore(env.profile.dbPath);
    expect(env.store.settings.get('app')).toEqual({
      notifyNewMail: false,
      senders: ['a@example.org'],
    });
    expect(env.store.settings.remove('theme')).toBe(true);
    expect(env.store.settings.get('theme')).toBeUndefined();
  });

  it('refuses a value that is not JSON', () => {
    env = storeWithAccount();
    expect(() => env.store.settings.set('bad', undefined)).toThrow(TypeError);
  });
});
