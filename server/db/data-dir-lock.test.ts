import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';

describe('the embedded database folder lock', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one process hold it, until released', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'readroom-lock-'));
    const file = path.join(dir, 'db.lock');
    const release = lockDataDir(file, 'The test database');
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDir(file, 'The test database')).toThrow(DataDirInUseError);
    expect(() => lockDataDir(file, 'The test database')).toThrow(new RegExp(`The test database is in use by process ${process.pid}`));
    release();
    expect(existsSync(file)).toBe(false);
    lockDataDir(file, 'The test database')();
  });

  it('takes over the lock of a process that has ended', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'readroom-lock-'));
    const file = path.join(dir, 'db.lock');
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(file, ended.stdout);
    const release = lockDataDir(file, 'The test database');
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
  });
});
