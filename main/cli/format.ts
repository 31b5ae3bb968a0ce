// Text renderings shared by the commands: protocol-log lines and sizes.

export interface LogLineLike {
  time: number;
  dir: string;
  text: string;
}

export function formatLogLine(l: LogLineLike): string {
  const t = new Date(l.time).toISOString().slice(11, 23);
  const who = l.dir === 'I' ? '--' : `${l.dir}:`;
  return `${t} ${who} ${l.text}`;
}

export function formatOctets(n: number): string {
  return `${n.toLocaleString('en-US')} octets`;
}
