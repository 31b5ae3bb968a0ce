// Whether a process id is alive on this machine, for taking over stale sync locks.
// Never signals anything: signal 0 only asks the kernel whether the pid exists.

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
