import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './lib/ports.ts';
import { REPO_ROOT } from './lib/paths.ts';
import { acquireStartLock } from './lib/start-lock.ts';

/** A second `npm start` on the data folder of a running one refuses at once, before it builds anything. */

const dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-second-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('exits 1 with one line naming the running start, and leaves its app folder alone', async () => {
  // This test process plays the running npm start: it holds the lock and serves <dataDir>/app.
  const lock = acquireStartLock(dataDir);
  const served = path.join(dataDir, 'app', 'index.html');
  mkdirSync(path.dirname(served), { recursive: true });
  writeFileSync(served, '<title>the running build</title>');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/start.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, READROOM_DATA_DIR: dataDir, PORT: String(await freePort()), ORTHANC_HTTP_PORT: String(await freePort()) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `Readroom is already running from ${dataDir} (npm start, pid ${process.pid}); stop it first, or give this one its own READROOM_DATA_DIR, PORT and ORTHANC_HTTP_PORT.`,
    ]);
    expect(stdout).not.toMatch(/Building|Starting the archive/);
    expect(readFileSync(served, 'utf8')).toBe('<title>the running build</title>');
  } finally {
    lock.release();
  }
});
