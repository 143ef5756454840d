import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/paths.ts';
import { RotatingLog } from './log-rotation.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'readroom-log-'));
  file = path.join(dir, 'orthanc.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const text = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined);
const line = (n: number) => Buffer.from(`line ${String(n).padStart(3, '0')}\n`); // 9 bytes

describe('RotatingLog', () => {
  it('keeps the newest lines in the file and the ones before in .1, each within the limit, whole lines per chunk', () => {
    const log = new RotatingLog(file, 20);
    for (let n = 1; n <= 7; n++) log.write(line(n));
    log.close();
    // 2 lines (18 bytes) fit in 20; the third starts a new file. Lines 1-4 are gone.
    expect(text(`${file}.1`)).toBe('line 005\nline 006\n');
    expect(text(file)).toBe('line 007\n');
    expect(existsSync(`${file}.2`)).toBe(false);
  });

  it('continues an existing file and counts what is already in it', () => {
    writeFileSync(file, 'x'.repeat(15));
    const log = new RotatingLog(file, 20);
    log.write(line(1));
    log.close();
    expect(text(`${file}.1`)).toBe('x'.repeat(15));
    expect(text(file)).toBe('line 001\n');
  });

  it('cuts a chunk larger than the limit so that no file grows past it', () => {
    const log = new RotatingLog(file, 10);
    log.write(Buffer.from('abcdefghijklmnopqrstuvwxy')); // 25 bytes
    log.close();
    expect(text(`${file}.1`)).toBe('klmnopqrst');
    expect(text(file)).toBe('uvwxy');
  });

  it('never lets the files grow past the limit over many writes of any size', () => {
    const log = new RotatingLog(file, 1000);
    let written = 0;
    for (let n = 0; n < 500; n++) {
      const chunk = Buffer.alloc((n * 37) % 1500, 'z');
      log.write(chunk);
      written += chunk.length;
      expect(statSync(file).size).toBeLessThanOrEqual(1000);
      if (existsSync(`${file}.1`)) expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(1000);
    }
    log.close();
    expect(written).toBeGreaterThan(100_000);
  });

  it('refuses a limit that is not a positive number of bytes', () => {
    expect(() => new RotatingLog(file, 0)).toThrow(/positive number of bytes/);
    expect(() => new RotatingLog(file, Number.NaN)).toThrow(/positive number of bytes/);
  });
});

describe('log-rotator.ts (the process between Orthanc and its log)', () => {
  it('copies its input into the rotating log and ends when the input ends, even after SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/archive/log-rotator.ts'), file, '20'], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Wait until it listens (its first write lands) before signalling it.
    child.stdin.write(line(1));
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 100 && text(file) === ''; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    for (let n = 2; n <= 4; n++) child.stdin.write(line(n));
    child.stdin.end();
    expect(await exited).toBe(0);
    // How the pipe cuts the input into chunks varies: what is kept is the end of the input, none past the limit.
    const kept = `${text(`${file}.1`)}${text(file)}`;
    expect(kept.length).toBeGreaterThan(20);
    expect('line 001\nline 002\nline 003\nline 004\n'.endsWith(kept)).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(20);
    expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(20);
  });
});
