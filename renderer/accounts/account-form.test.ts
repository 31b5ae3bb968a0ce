import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model/account';
import {
  accountFormFrom,
  editAccountForm,
  emptyAccountForm,
  readAccountForm,
} from './account-form';

const filled = () => ({
  ...emptyAccountForm(),
  host: ' pop.example.test ',
  user: 'alice',
  password: 'secret',
});

describe('the account form', () => {
  it('starts new accounts on the safe default: leave mail on the server for 14 days', () => {
    const read = readAccountForm(filled(), 'add');
    expect(read.ok && read.account.retention).toEqual({ mode: 'keep-days', days: 14 });
  });

  it('turns filled-in fields into account settings with the password apart', () => {
    const read = readAccountForm({ ...filled(), retention: 'keep-days', keepDays: '30' }, 'add');
    expect(read).toEqual({
      ok: true,
      password: 'secret',
      account: {
        name: '',
        host: 'pop.example.test',
        port: 995,
        security: 'tls',
        auth: 'auto',
        user: 'alice',
        allowInsecurePassword: false,
        retention: { mode: 'keep-days', days: 30 },
        maxMessageSize: null,
        checkIntervalSeconds: 600,
        certFingerprint256: null,
      },
    });
  });

  it('names every field a person got wrong', () => {
    const read = readAccountForm(
      { ...emptyAccountForm(), port: '70000', sizeLimitKb: 'big', checkMinutes: '0' },
      'add',
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(read.errors).sort()).toEqual(
      ['checkMinutes', 'host', 'password', 'port', 'sizeLimitKb', 'user'].sort(),
    );
  });

  it('keeps the stored password when the edit form leaves it empty', () => {
    const read = readAccountForm({ ...filled(), password: '' }, 'edit');
    expect(read.ok && read.password).toBeNull();
  });

  it('follows the security mode with the default port until the user types one', () => {
    let v = editAccountForm(emptyAccountForm(), 'security', 'starttls');
    expect(v.port).toBe('110');
    v = editAccountForm(v, 'port', '1110');
    v = editAccountForm(v, 'security', 'tls');
    expect(v.port).toBe('1110');
  });

  it('forgets a trusted certificate when the server changes', () => {
    const pinned = { ...filled(), certFingerprint256: 'AA'.repeat(32) };
    expect(editAccountForm(pinned, 'user', 'bob').certFingerprint256).toBe('AA'.repeat(32));
    expect(editAccountForm(pinned, 'host', 'other.test').certFingerprint256).toBeNull();
  });

  it('never allows a clear-text password on an encrypted connection setting', () => {
    const read = readAccountForm({ ...filled(), allowInsecurePassword: true }, 'add');
    expect(read.ok && read.account.allowInsecurePassword).toBe(false);
  });

  it('round-trips a stored account', () => {
    const account: Account = {
      id: 4,
      name: 'Work',
      host: 'pop.example.test',
      port: 1995,
      security: 'tls',
      auth: 'cram-md5',
      user: 'ann',
      allowInsecurePassword: false,
      retention: { mode: 'keep' },
      maxMessageSize: 2048 * 1024,
      checkIntervalSeconds: 900,
      certFingerprint256: null,
      hasSecret: true,
      lastLoginAt: null,
      loginDelaySeconds: null,
    };
    const read = readAccountForm(accountFormFrom(account), 'edit');
    expect(read).toMatchObject({
      ok: true,
      password: null,
      account: {
        port: 1995,
        auth: 'cram-md5',
        maxMessageSize: 2048 * 1024,
        checkIntervalSeconds: 900,
      },
    });
  });
});
