// Text renderings shared by the commands: protocol-log lines and sizes.
import { terminalLine } from './terminal-text';

export interface LogLineLike {
  time: number;
  dir: string;
  text: string;
}

export function formatLogLine(l: LogLineLike): string {
  const t = new Date(l.time).toISOString().slice(11, 23);
  const who = l.dir === 'I' ? '--' : `${terminalLine(l.dir)}:`;
  return `${t} ${who} ${terminalLine(l.text)}`;
}

export function formatOctets(n: number): string {
  return `${n.toLocaleString('en-US')} octets`;
}
