import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  formatDuration,
  formatListDate,
  formatLogTime,
  formatSize,
  plural,
  senderLabel,
} from './format';

describe('sizes as people read them', () => {
  it('counts octets under a kilobyte and uses one decimal below ten units', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(40 * 1024)).toBe('40 KB');
    expect(formatSize(3.25 * 1024 * 1024)).toBe('3.3 MB');
  });

  it('shows nothing for a size that is not a size', () => {
    expect(formatSize(-1)).toBe('');
    expect(formatSize(Number.NaN)).toBe('');
  });
});

describe('list dates', () => {
  const now = new Date(2026, 10, 26, 15, 0).getTime();
  it('shows the time for today, day and month this year, and the year before that', () => {
    expect(formatListDate(new Date(2026, 10, 26, 9, 5).getTime(), now, 'en-GB')).toBe('09:05');
    expect(formatListDate(new Date(2026, 2, 3).getTime(), now, 'en-GB')).toBe('3 Mar');
    expect(formatListDate(new Date(2024, 2, 3).getTime(), now, 'en-GB')).toBe('3 Mar 2024');
  });
  it('leaves a missing date blank', () => {
    expect(formatListDate(null, now)).toBe('');
  });
});

describe('durations and log times', () => {
  it('picks the unit by magnitude', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
  it('keeps milliseconds in log times', () => {
    expect(formatLogTime(new Date(2026, 0, 1, 7, 8, 9, 45).getTime())).toBe('07:08:09.045');
  });
});

describe('addresses', () => {
  it('shows name and address when both are known, else either', () => {
    expect(formatAddress({ name: 'Ann', address: 'ann@example.test' })).toBe(
      'Ann <ann@example.test>',
    );
    expect(formatAddress({ name: '', address: 'ann@example.test' })).toBe('ann@example.test');
    expect(formatAddress(null)).toBe('');
  });
  it('labels a message without a sender instead of leaving the column empty', () => {
    expect(senderLabel(null)).toBe('(no sender)');
    expect(senderLabel({ name: '', address: '' })).toBe('(no sender)');
    expect(senderLabel({ name: 'Ann', address: 'a@x' })).toBe('Ann');
  });
  it('says one or many', () => {
    expect(plural(1, 'message')).toBe('1 message');
    expect(plural(3, 'message')).toBe('3 messages');
  });
});
