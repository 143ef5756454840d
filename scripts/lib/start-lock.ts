import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Who holds the lock: a pid, and that process's start time (so that a reused pid is not mistaken for it). */
interface LockOwner {
  pid: number;
  startTime: string;
}

export class StartLockError extends Error {
  override name = 'StartLockError';
}

export function startLockFile(dataDir: string): string {
  return path.join(dataDir, 'readroom-start.lock');
}

/** Field 22 of /proc/<pid>/stat (clock ticks since boot), or undefined when there is no such process. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name start at field 3; a zombie has exited already.
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.startTime === 'string' ? { pid: owner.pid, startTime: owner.startTime } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(owner: LockOwner): boolean {
  return processStartTime(owner.pid) === owner.startTime;
}

export interface StartLock {
  release(): void;
}

/**
 * Makes this process the only `npm start` using `dataDir`: a lock file holding its pid. A lock whose
 * process is gone (killed, crashed) is taken over; a live one is refused with one line that says so.
 */
export function acquireStartLock(dataDir: string, pid: number = process.pid): StartLock {
  mkdirSync(dataDir, { recursive: true });
  const file = startLockFile(dataDir);
  const startTime = processStartTime(pid);
  if (startTime === undefined) throw new Error(`No process ${pid} to hold the start lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole under another name, then linked: another start never reads a half-written lock.
    const draft = `${file}.${pid}.tmp`;
    writeFileSync(draft, JSON.stringify({ pid, startTime }));
    try {
      linkSync(draft, file);
      return {
        release() {
          if (readOwner(file)?.pid === pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    const owner = readOwner(file);
    if (owner && isRunning(owner)) {
      throw new StartLockError(
        `Readroom is already running from ${dataDir} (npm start, pid ${owner.pid}); stop it first, or give this one its own READROOM_DATA_DIR, PORT and ORTHANC_HTTP_PORT.`,
      );
    }
    // Left behind by a start that did not stop cleanly: take it over.
    rmSync(file, { force: true });
  }
  throw new StartLockError(`Could not take the start lock ${file}; another npm start is starting at the same moment.`);
}
