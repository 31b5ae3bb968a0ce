// windows-1252 as the WHATWG Encoding Standard defines it. Node's TextDecoder for that label
// (and for 'latin1', 'iso-8859-1', 'us-ascii', which the standard maps to it) returns C1
// controls for 0x80-0x9F instead of €, ‚, “, ”, …: the commonest charset in mail shows
// "entre aspas" without its quotes. This module decodes it right and mends TextDecoder once.

const HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? HIGH.charCodeAt(b - 0x80) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

function toBytes(input: unknown): Uint8Array {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input))
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(input as ArrayBuffer);
}

/** Makes every later `new TextDecoder('windows-1252' | 'latin1' | …)` decode per the standard. */
export function mendTextDecoder(): void {
  const Native = globalThis.TextDecoder;
  if (new Native('windows-1252').decode(Uint8Array.of(0x80)) === '\u20ac') return;
  class StandardTextDecoder extends Native {
    readonly #singleByte: boolean;
    constructor(...[label, options]: ConstructorParameters<typeof TextDecoder>) {
      super(label, options);
      this.#singleByte = this.encoding === 'windows-1252';
    }
    override decode(
      ...[input, options]: Parameters<InstanceType<typeof Native>['decode']>
    ): string {
      return this.#singleByte ? decodeWindows1252(toBytes(input)) : super.decode(input, options);
    }
  }
  globalThis.TextDecoder = StandardTextDecoder as typeof TextDecoder;
}
