import { describe, expect, it } from 'vitest';
import { candidatesFor, domainOf, userNamesFor } from './candidates';

const none = { pop3s: [], pop3: [] };

describe('server candidates for an address', () => {
  it('takes the domain of an address, lower-cased, and refuses what has none', () => {
    expect(domainOf('Ana.Souza@Example.COM')).toBe('example.com');
    expect(domainOf('a@b@mail.example.org.')).toBe('mail.example.org');
    expect(domainOf('no-domain')).toBeNull();
    expect(domainOf('@example.com')).toBeNull();
    expect(domainOf('x@')).toBeNull();
    expect(domainOf('x@exa mple.com')).toBeNull();
    expect(domainOf('x@-bad.example')).toBeNull();
  });

  it('guesses pop., mail. and the bare domain, implicit TLS before STARTTLS', () => {
    expect(
      candidatesFor('example.com', none).map((c) => `${c.security} ${c.host}:${c.port}`),
    ).toEqual([
      'tls pop.example.com:995',
      'tls mail.example.com:995',
      'tls example.com:995',
      'starttls pop.example.com:110',
      'starttls mail.example.com:110',
      'starttls example.com:110',
    ]);
  });

  it('puts published SRV records first, by priority then weight, pop3s before pop3', () => {
    const list = candidatesFor('example.com', {
      pop3s: [
        { name: 'b.example.net.', port: 995, priority: 20, weight: 0 },
        { name: 'a.example.net', port: 1995, priority: 10, weight: 5 },
        { name: 'c.example.net', port: 995, priority: 10, weight: 50 },
      ],
      pop3: [{ name: 'plain.example.net', port: 110, priority: 0, weight: 0 }],
    });
    expect(list.slice(0, 4).map((c) => `${c.source} ${c.security} ${c.host}:${c.port}`)).toEqual([
      'srv tls c.example.net:995',
      'srv tls a.example.net:1995',
      'srv tls b.example.net:995',
      'srv starttls plain.example.net:110',
    ]);
    expect(list[4]).toMatchObject({ source: 'guess', host: 'pop.example.com' });
  });

  it('treats a "." target as "not offered" and never lists a server twice', () => {
    const list = candidatesFor('example.com', {
      pop3s: [
        { name: '.', port: 0, priority: 0, weight: 0 },
        { name: 'pop.example.com', port: 995, priority: 0, weight: 0 },
      ],
      pop3: [],
    });
    expect(list.filter((c) => c.host === '')).toEqual([]);
    expect(list.filter((c) => c.host === 'pop.example.com' && c.security === 'tls')).toEqual([
      { host: 'pop.example.com', port: 995, security: 'tls', source: 'srv' },
    ]);
  });

  it('tries the whole address as the user name, then its local part', () => {
    expect(userNamesFor(' ana@example.com ')).toEqual(['ana@example.com', 'ana']);
  });
});
