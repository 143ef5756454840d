import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireStartLock, processStartTime, startLockFile } from './start-lock.ts';

let dataDir: string;
beforeEach(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-lock-'))));
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** The pid of a process that has ended. */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}

describe('acquireStartLock', () => {
  it('refuses a second start while the first holds the lock, in one line naming its pid', () => {
    const lock = acquireStartLock(dataDir);
    expect(() => acquireStartLock(dataDir)).toThrow(new RegExp(`^Readroom is already running from ${dataDir} \\(npm start, pid ${process.pid}\\); [^\n]+$`));
    lock.release();
    expect(existsSync(startLockFile(dataDir))).toBe(false);
    acquireStartLock(dataDir).release();
  });

  it('takes over a lock whose process is gone', () => {
    writeFileSync(startLockFile(dataDir), JSON.stringify({ pid: deadPid(), startTime: '123' }));
    const lock = acquireStartLock(dataDir);
    expect(JSON.parse(readFileSync(startLockFile(dataDir), 'utf8'))).toEqual({ pid: process.pid, startTime: processStartTime(process.pid) });
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', () => {
    writeFileSync(startLockFile(dataDir), JSON.stringify({ pid: process.pid, startTime: '1' }));
    acquireStartLock(dataDir).release();
  });

  it('takes over an unreadable lock', () => {
    writeFileSync(startLockFile(dataDir), '{"pid":');
    acquireStartLock(dataDir).release();
  });

  it('release() leaves a lock that another start has taken over', () => {
    const lock = acquireStartLock(dataDir);
    const other = { pid: process.ppid, startTime: processStartTime(process.ppid) };
    writeFileSync(startLockFile(dataDir), JSON.stringify(other));
    lock.release();
    expect(JSON.parse(readFileSync(startLockFile(dataDir), 'utf8'))).toEqual(other);
  });
});

describe('processStartTime', () => {
  it('is stable for a live process and undefined for an ended one', () => {
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    expect(processStartTime(process.pid)).toBe(processStartTime(process.pid));
    expect(processStartTime(deadPid())).toBeUndefined();
  });
});
