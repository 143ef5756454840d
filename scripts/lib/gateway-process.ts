import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArchiveClient } from '../archive/archive-client.ts';
import { stopByPid } from '../archive/orthanc.ts';
import { REPO_ROOT } from './paths.ts';

export interface GatewayProcess {
  pid: number;
  url: string;
  /** Resolves with the exit code when the gateway process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;

/**
 * Runs the gateway (server/main.ts) as a child process and waits until it answers. With `archive`, its one
 * source is that embedded archive, reached as its `gateway` user (credentials passed in the environment,
 * never on a command line); without, the gateway reads its sources from READROOM_CONFIG / DICOMWEB_UPSTREAM.
 * `dataDir` unset: a fresh temporary folder for its database, removed when it stops (two gateways must
 * never share an embedded database).
 */
export async function startGatewayProcess(opts: {
  port: number;
  archive?: Pick<ArchiveClient, 'dicomWebRoot' | 'credentials'>;
  staticDir?: string;
  dataDir?: string;
  env?: Record<string, string>;
}): Promise<GatewayProcess> {
  const ownDataDir =
    opts.dataDir === undefined && opts.env?.['READROOM_DATA_DIR'] === undefined && opts.env?.['DATABASE_URL'] === undefined
      ? mkdtempSync(path.join(tmpdir(), 'readroom-gw-'))
      : undefined;
  const dataDir = opts.dataDir ?? ownDataDir;
  const upstream = opts.archive
    ? {
        DICOMWEB_UPSTREAM: opts.archive.dicomWebRoot,
        DICOMWEB_UPSTREAM_USERNAME: opts.archive.credentials.gateway.username,
        DICOMWEB_UPSTREAM_PASSWORD: opts.archive.credentials.gateway.password,
        DICOMWEB_UPSTREAM_AUTHORIZATION: '',
      }
    : {};
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server/main.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      ...upstream,
      READROOM_STATIC_DIR: opts.staticDir ?? path.join(REPO_ROOT, 'dist'),
      ...(dataDir ? { READROOM_DATA_DIR: dataDir } : {}),
      ...opts.env,
    },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not start the gateway');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${opts.port}`;
  // A first start creates its database (embedded PostgreSQL, migrations, demo accounts): on a busy
  // two-core machine that alone has taken 30 s.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The gateway exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/app-config.json`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stopByPid(pid, child);
      throw new Error(`The gateway did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await sleep(100);
  }
  return {
    pid,
    url,
    exited,
    async stop() {
      await stopByPid(pid, child);
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
