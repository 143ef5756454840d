import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * One process at a time on an embedded database folder: PGlite has no lock of its own, and two
 * processes on one folder (the gateway and `npm run users`, or two gateways) silently lose each
 * other's writes. The lock is a file holding the owner's PID, taken over when that process is gone.
 */

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock `file` for this process; returns its release. Throws `DataDirInUseError` when a live process holds it. */
export function lockDataDir(file: string, what: string): () => void {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && running(owner)) {
      throw new DataDirInUseError(
        `${what} is in use by process ${owner} (a running gateway?). Stop it first; with PostgreSQL (DATABASE_URL) both can run at once. Lock file: ${file}`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}
