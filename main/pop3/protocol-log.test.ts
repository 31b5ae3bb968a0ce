import { describe, expect, it } from 'vitest';
import {
  bodySummary,
  ProtocolLog,
  redactClientLine,
  REDACTED,
  type ProtocolLogEntry,
} from './protocol-log';

describe('redactClientLine', () => {
  it('hides the PASS argument', () => {
    expect(redactClientLine('PASS hunter2 with spaces')).toBe(`PASS ${REDACTED}`);
    expect(redactClientLine('pass x')).toBe(`PASS ${REDACTED}`);
  });

  it('keeps the APOP user but hides the digest', () => {
    expect(redactClientLine('APOP mrose c4c9334bac560ecc979e58001b3e22fb')).toBe(
      `APOP mrose ${REDACTED}`,
    );
  });

  it('hides an AUTH initial response but keeps the mechanism', () => {
    expect(redactClientLine('AUTH PLAIN AGJvYgBzZWNyZXQ=')).toBe(`AUTH PLAIN ${REDACTED}`);
    expect(redactClientLine('AUTH CRAM-MD5')).toBe('AUTH CRAM-MD5');
  });

  it('hides every SASL continuation line, even an empty one', () => {
    expect(redactClientLine('dGltIGI5MTNh', true)).toBe(REDACTED);
    expect(redactClientLine('', true)).toBe(REDACTED);
  });

  it('leaves ordinary commands as they are', () => {
    for (const line of ['USER bob', 'RETR 1', 'DELE 12', 'QUIT', 'CAPA', 'STLS']) {
      expect(redactClientLine(line)).toBe(line);
    }
  });
});

describe('ProtocolLog', () => {
  it('summarises bodies with grouped digits', () => {
    expect(bodySummary(12345)).toBe('<12,345 octets>');
    expect(bodySummary(0)).toBe('<0 octets>');
  });

  it('stamps entries with direction and time, redacting client lines at the tap', () => {
    const entries: ProtocolLogEntry[] = [];
    const log = new ProtocolLog((e) => entries.push(e));
    log.client('PASS secret');
    log.server('+OK');
    log.body(10);
    expect(entries.map((e) => [e.dir, e.text])).toEqual([
      ['C', `PASS ${REDACTED}`],
      ['S', '+OK'],
      ['S', '<10 octets>'],
    ]);
    expect(entries.every((e) => typeof e.time === 'number' && e.time > 0)).toBe(true);
  });

  it('survives a log consumer that throws', () => {
    const log = new ProtocolLog(() => {
      throw new Error('disk full');
    });
    expect(() => log.server('+OK')).not.toThrow();
  });
});
