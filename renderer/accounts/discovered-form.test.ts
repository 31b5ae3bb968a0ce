import { describe, expect, it } from 'vitest';
import type { ServerDiscovery } from '../../shared/model/server-discovery';
import { readAccountForm } from './account-form';
import { discoveredForm, manualForm } from './discovered-form';

const base: ServerDiscovery = {
  address: 'ana@example.org',
  server: { host: 'pop.example.org', port: 995, security: 'tls', source: 'srv' },
  certificate: null,
  login: { ok: true, user: 'ana', authMethod: 'scram-sha-256' },
  attempts: [],
};

describe('the form from what set-up by address found', () => {
  it('fills server, port, security and the user name that signed in, ready to save', () => {
    const found = discoveredForm(base, 'pw');
    expect(found.values).toMatchObject({
      host: 'pop.example.org',
      port: '995',
      security: 'tls',
      user: 'ana',
      password: 'pw',
      portEdited: false,
    });
    expect(found.problem).toBeNull();
    expect(found.notice).toContain('signed in as ana');
    expect(readAccountForm(found.values, 'add')).toMatchObject({
      ok: true,
      account: { host: 'pop.example.org', port: 995, security: 'tls', user: 'ana' },
      password: 'pw',
    });
  });

  it('carries the certificate the user trusted during the look-up into the saved account', () => {
    const pin = { host: 'pop.example.org', port: 995, fingerprint256: 'AB:CD' };
    expect(discoveredForm(base, 'pw', pin).values.certFingerprint256).toBe('AB:CD');
    // A pin for another server is not carried over.
    expect(
      discoveredForm(base, 'pw', { ...pin, host: 'other.example.org' }).values.certFingerprint256,
    ).toBeNull();
  });

  it('keeps a non-standard port from an SRV record when the security changes nothing', () => {
    const found = discoveredForm(
      { ...base, server: { host: 'mx.example.net', port: 1995, security: 'tls', source: 'srv' } },
      'pw',
    );
    expect(found.values).toMatchObject({ port: '1995', portEdited: true });
  });

  it('turns an untrusted certificate into the trust prompt, noting no password was sent', () => {
    const found = discoveredForm(
      {
        ...base,
        certificate: { subject: 'CN=localhost', fingerprint256: 'AB:CD' },
        login: null,
      },
      'pw',
    );
    expect(found.problem).toMatchObject({
      kind: 'certificate-untrusted',
      fingerprint256: 'AB:CD',
      subject: 'CN=localhost',
    });
    expect(found.notice).toContain('not been sent');
    expect(found.values.user).toBe('ana@example.org');
  });

  it('shows a refused login as the error it was', () => {
    const found = discoveredForm(
      {
        ...base,
        login: { ok: false, error: { kind: 'retry-later', message: 'later', at: 5 } },
      },
      'pw',
    );
    expect(found.problem).toMatchObject({ kind: 'retry-later' });
    expect(found.notice).toContain('could not sign in');
  });

  it('starts manual set-up with the address as the user name and the password kept', () => {
    expect(manualForm('ana@example.org', 'pw')).toMatchObject({
      host: '',
      user: 'ana@example.org',
      password: 'pw',
    });
  });
});
