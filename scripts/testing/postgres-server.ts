import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { stopByPid } from '../archive/orthanc.ts';

/**
 * A throw-away PostgreSQL server from Debian's `postgresql` package for the tests: a fresh cluster in a
 * temporary folder, listening on 127.0.0.1 only (no Unix socket outside that folder), trust
 * authentication for its one local user. When run as root the server runs as the `postgres` system
 * user (PostgreSQL refuses to run as root). Stopped by PID.
 */

export interface PostgresServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed (Debian package "postgresql"): npm test installs it when run as root.');
  return path.join(root, newest, 'bin');
}

function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  return process.getuid?.() === 0 ? { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] } : { command, args };
}

export async function startPostgres(port: number): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-pg-'));
  const dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const postgresUser = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const postgresGroup = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(postgresUser.stdout.trim()), Number(postgresGroup.stdout.trim()));
    chmodSync(dir, 0o700);
  }
  const init = asServerUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'readroom', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const initResult = spawnSync(init.command, init.args, { encoding: 'utf8' });
  if (initResult.status !== 0) throw new Error(`initdb failed: ${initResult.stderr || initResult.stdout}`);

  const run = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'synchronous_commit=off',
  ]);
  const child: ChildProcess = spawn(run.command, run.args, { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('Could not start PostgreSQL');
  const url = `postgres://readroom@127.0.0.1:${port}/postgres`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await stopByPid(child.pid, child);
        throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${(error as Error).message}`, { cause: error });
      }
      await sleep(100);
    }
  }

  return {
    url,
    pid: child.pid,
    async stop() {
      // runuser forwards SIGTERM to the server (smart shutdown); the server ends its backends.
      await stopByPid(child.pid!, child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the server (each test file gets its own). */
export async function createTestDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}
