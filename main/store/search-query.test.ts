import { describe, expect, it } from 'vitest';
import { parseSearch } from './search-query';

describe('search operators', () => {
  it('reads from:, subject:, has:attachment, is: and dates beside plain words', () => {
    const q = parseSearch('invoice from:ada subject:march has:attachment is:unread');
    expect(q.match).toBe('"invoice" addresses : "ada"* subject : "march"*');
    expect(q.from).toEqual(['ada']);
    expect(q.hasAttachment).toBe(true);
    expect(q.read).toBe(false);
    expect(parseSearch('is:read').read).toBe(true);
    expect(parseSearch('is:starred').starred).toBe(true);
  });

  it('takes dates as local calendar days, before: exclusive and after: inclusive', () => {
    const q = parseSearch('after:2025-03-01 before:2025/4/1');
    expect(q.after).toBe(new Date(2025, 2, 1).getTime());
    expect(q.before).toBe(new Date(2025, 3, 1).getTime());
    expect(q.match).toBeNull();
  });

  it('searches an unknown operator or an invalid value as a plain word', () => {
    expect(parseSearch('before:2025-02-31').before).toBeNull();
    expect(parseSearch('before:2025-02-31').match).toBe('"before:2025-02-31"*');
    expect(parseSearch('http://example.org').match).toBe('"http://example.org"*');
    expect(parseSearch('has:wings').hasAttachment).toBe(false);
    expect(parseSearch('from:').match).toBe('"from:"*');
  });

  it('quotes operator values, so they cannot reach FTS syntax', () => {
    expect(parseSearch('from:a"b subject:NEAR(').match).toBe(
      'addresses : "a""b"* subject : "NEAR("*',
    );
  });
});
