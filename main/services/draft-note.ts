// Popline's note in a saved draft: what the user typed in To, Cc and Bcc (entries that are not
// addresses yet included), who sends it and which stored message it answers. Carried in the
// draft's own bytes as base64 JSON folded into 76-character lines, so it survives any header
// length and charset, and goes when the draft goes.
import { z } from 'zod';
import type { TypedRecipients } from '../../shared/model/compose';

const noteSchema = z.object({
  v: z.literal(1),
  identityId: z.int().positive().nullable(),
  inReplyTo: z.int().positive().nullable(),
  typed: z.object({ to: z.string(), cc: z.string(), bcc: z.string() }),
});
export type DraftNote = z.infer<typeof noteSchema>;

export function writeDraftNote(note: {
  identityId: number | null;
  inReplyTo: number | null;
  typed: TypedRecipients;
}): string {
  const base64 = Buffer.from(JSON.stringify({ v: 1, ...note }), 'utf8').toString('base64');
  return (base64.match(/.{1,76}/g) ?? []).join('\r\n ');
}

/** The note from the header's value (folded or unfolded); null when absent or not Popline's. */
export function readDraftNote(value: string | undefined): DraftNote | null {
  if (!value) return null;
  try {
    const json: unknown = JSON.parse(
      Buffer.from(value.replace(/\s+/g, ''), 'base64').toString('utf8'),
    );
    const parsed = noteSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
