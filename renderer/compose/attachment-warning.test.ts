import { describe, expect, it } from 'vitest';
import { attachmentWarning } from './attachment-warning';

const MB = 1024 * 1024;

describe('attachment warning', () => {
  it('warns only over the limit the user chose, naming that limit', () => {
    expect(attachmentWarning(5 * MB, 5)).toBeNull();
    expect(attachmentWarning(5 * MB + 1, 5)).toBe(
      'The attachments are 5 MB in all: many servers refuse messages over 5 MB.',
    );
    expect(attachmentWarning(21 * MB, 20)).toContain('over 20 MB');
    expect(attachmentWarning(19 * MB, 20)).toBeNull();
  });
});
