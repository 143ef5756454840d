import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../server/config.ts';

/** `npm run users` as an administrator runs it: its own process on the gateway's embedded database. */

const dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-users-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function users(args: string[], input?: string) {
  const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], READROOM_DATA_DIR: dataDir };
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/users.ts'), ...args], {
    cwd: REPO_ROOT,
    env,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each run starts Node and opens the embedded database (the first one creates it): seconds, not milliseconds.
describe('scripts/users.ts', { timeout: 90_000 }, () => {
  it('adds the first administrator with a password from stdin, then lists it', () => {
    const added = users(['add', 'admin1', '--role', 'admin', '--name', 'Alex Admin', '--password-stdin'], 'first admin password\n');
    expect(added).toMatchObject({ status: 0, stdout: 'Added admin1 (Alex Admin) with role admin.\n' });
    const listed = users(['list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^admin1\s+Alex Admin\s+admin\s+password\s+every\s+every\s+-\s+active$/m);
  });

  it('answers a mistake with one line and exit status 1', () => {
    expect(users(['disable', 'nobody'])).toMatchObject({ status: 1, stdout: '', stderr: 'users: No account named "nobody".\n' });
    expect(users(['help']).stdout).toContain('Usage: npm run users -- <command>');
  });

  it('does not open the embedded database while another process (the gateway) has it', () => {
    const lock = `${path.join(dataDir, 'gateway-db')}.lock`;
    writeFileSync(lock, String(process.pid));
    try {
      const refused = users(['list']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^users: The embedded database .* is in use by process ${process.pid} \\(a running gateway\\?\\)`));
    } finally {
      rmSync(lock);
    }
  });
});
