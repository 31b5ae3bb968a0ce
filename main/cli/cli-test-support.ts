// Runs the command line in-process, as the `popline` bin would, and collects what it prints.

import { runCli, type CommandIo } from './main';

export interface CliRun {
  status: number;
  out: string;
  err: string;
  /** What `show --raw` wrote, byte for byte. */
  raw: Buffer;
}

/** `password` is what POPLINE_PASSWORD holds during the run; null unsets it. */
export async function runCliForTest(
  args: string[],
  options: { password?: string | null; io?: Partial<CommandIo> } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const raw: Buffer[] = [];
  const saved = process.env.POPLINE_PASSWORD;
  if (options.password === null) delete process.env.POPLINE_PASSWORD;
  else if (options.password !== undefined) process.env.POPLINE_PASSWORD = options.password;
  try {
    const status = await runCli(args, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      rawOut: (bytes) => raw.push(Buffer.from(bytes)),
      ...options.io,
    });
    return { status, out: out.join('\n'), err: err.join('\n'), raw: Buffer.concat(raw) };
  } finally {
    if (saved === undefined) delete process.env.POPLINE_PASSWORD;
    else process.env.POPLINE_PASSWORD = saved;
  }
}
