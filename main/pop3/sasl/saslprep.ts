// SASLprep (RFC 4013) as SCRAM needs it: map odd spaces and invisible characters, then NFKC.
// Refuses control characters rather than sending something the server will hash differently.
import { Pop3Error } from '../errors';

// RFC 3454 table C.1.2 (non-ASCII spaces): mapped to U+0020.
const NON_ASCII_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// RFC 3454 table B.1 (commonly mapped to nothing).
const MAPPED_TO_NOTHING =
  /[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/g;
// RFC 3454 tables C.2.1 / C.2.2 (control characters), the prohibited set most likely to occur.

const CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u06dd\u070f\u180e\u200e\u200f\u2028-\u202e\u2061-\u2063\u206a-\u206f\ufff9-\ufffc]/;

export function saslPrep(input: string): string {
  const out = input.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
  if (CONTROL.test(out)) {
    throw new Pop3Error('auth', 'the user name or password contains control characters');
  }
  return out;
}
