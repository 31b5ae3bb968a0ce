// Whether a process id is alive on this machine, for taking over stale sync locks and staged bodies.
// Never signals anything: signal 0 only asks the kernel whether the pid exists.

import { readFileSync } from 'node:fs';

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Whether the process that had this pid when `started` was read (processStartTime) still runs:
 * a pid given to a later process, after a crash and a reboot say, does not count. `started`
 * null (not known): the pid alone decides, and a running process whose start cannot be read counts.
 */
export function isSameProcessAlive(pid: number, started: number | null): boolean {
  if (!isProcessAlive(pid)) return false;
  if (started === null) return true;
  const now = processStartTime(pid);
  return now === null || now === started;
}

/**
 * When the process with this pid started, in clock ticks since boot (Linux's /proc/PID/stat);
 * null where the system does not say. A pid given again to a later process gets a later start.
 */
export function processStartTime(pid: number): number | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Field 22; counted after the command name, which is in parentheses and may hold anything.
    const start = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    return Number.isSafeInteger(start) ? start : null;
  } catch {
    return null;
  }
}
