import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, closeSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, REPO_ROOT } from '../lib/paths.ts';

const PLUGIN_DIR = '/usr/share/orthanc/plugins';
const SHIM_SOURCE = path.join(REPO_ROOT, 'scripts/archive/stack-shim.c');

export interface OrthancOptions {
  /** Folder for storage, index, config, log and pid file (git-ignored). */
  dataDir: string;
  httpPort: number;
  dicomPort: number;
  /** When given, HTTP Basic authentication is required with these user → password pairs. */
  users?: Record<string, string>;
  /** Orthanc's HTTP worker threads (default 50); tests that exhaust them use a few. */
  httpThreads?: number;
}

export interface OrthancHandle {
  pid: number;
  httpUrl: string;
  dicomWebRoot: string;
  stop(): Promise<void>;
}

/** Compiles the stack-size shim once (cached by source mtime). */
export function ensureStackShim(): string {
  const out = path.join(CACHE_DIR, 'libreadroom-stack.so');
  const srcTime = statSync(SHIM_SOURCE).mtimeMs;
  if (existsSync(out) && statSync(out).mtimeMs >= srcTime) return out;
  mkdirSync(CACHE_DIR, { recursive: true });
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', out, SHIM_SOURCE, '-ldl'], { stdio: 'inherit' });
  return out;
}

export function orthancConfig(opts: OrthancOptions): Record<string, unknown> {
  return {
    Name: 'Readroom development archive',
    StorageDirectory: path.join(opts.dataDir, 'storage'),
    IndexDirectory: path.join(opts.dataDir, 'index'),
    HttpPort: opts.httpPort,
    DicomServerEnabled: true,
    DicomAet: 'READROOM',
    DicomPort: opts.dicomPort,
    // Orthanc cannot bind to loopback only; this makes it refuse every non-loopback client.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: opts.users !== undefined,
    ...(opts.users !== undefined ? { RegisteredUsers: opts.users } : {}),
    HttpCompressionEnabled: true,
    KeepAlive: true,
    OverwriteInstances: true,
    HttpThreadsCount: opts.httpThreads ?? 50,
    HttpTimeout: 60,
    StableAge: 5,
    Plugins: [path.join(PLUGIN_DIR, 'libOrthancDicomWeb.so'), path.join(PLUGIN_DIR, 'libOrthancGdcm.so')],
    // No DicomWeb.Host: URLs in responses then follow the request's Host/Forwarded header.
    DicomWeb: { Enable: true, Root: '/dicom-web/', StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
  };
}

function pidFile(dataDir: string): string {
  return path.join(dataDir, 'orthanc.pid');
}

/** True when the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export async function isReady(httpUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${httpUrl}/system`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}


async function waitForExit(pid: number, child: ChildProcess | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child ? child.exitCode !== null || child.signalCode !== null : !isAlive(pid)) return true;
    await sleep(50);
  }
  return false;
}

export async function stopByPid(pid: number, child?: ChildProcess): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForExit(pid, child, 15_000)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await waitForExit(pid, child, 5_000);
}

/**
 * Starts Orthanc as a plain child process from a project-owned config and
 * resolves once it answers HTTP. The child is stopped by PID via `stop()`.
 */
export async function startOrthanc(opts: OrthancOptions): Promise<OrthancHandle> {
  mkdirSync(path.join(opts.dataDir, 'storage'), { recursive: true });
  mkdirSync(path.join(opts.dataDir, 'index'), { recursive: true });
  const configPath = path.join(opts.dataDir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(orthancConfig(opts), null, 2));
  const httpUrl = `http://127.0.0.1:${opts.httpPort}`;

  const stalePid = readPid(opts.dataDir);
  if (stalePid !== undefined && isAlive(stalePid)) {
    throw new Error(`An archive is already running from ${opts.dataDir} (pid ${stalePid}). Stop it first: npm run archive -- stop`);
  }
  if (await isReady(httpUrl)) {
    throw new Error(`Port ${opts.httpPort} is already in use by another HTTP server; set ORTHANC_HTTP_PORT.`);
  }

  const logPath = path.join(opts.dataDir, 'orthanc.log');
  const log = openSync(logPath, 'a');
  const child = spawn('Orthanc', [configPath], {
    stdio: ['ignore', log, log],
    env: { ...process.env, LD_PRELOAD: ensureStackShim() },
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not start Orthanc (is the orthanc package installed?)');
  writeFileSync(pidFile(opts.dataDir), String(pid));

  const deadline = Date.now() + 30_000;
  while (!(await isReady(httpUrl))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopByPid(pid, child);
      const tail = readFileSync(logPath, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`Orthanc did not become ready on ${httpUrl}. Last log lines:\n${tail}`);
    }
    await sleep(100);
  }

  return {
    pid,
    httpUrl,
    dicomWebRoot: `${httpUrl}/dicom-web`,
    async stop() {
      await stopByPid(pid, child);
      rmSync(pidFile(opts.dataDir), { force: true });
    },
  };
}

export function readPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops an archive started by another process (via its pid file). */
export async function stopFromPidFile(dataDir: string): Promise<boolean> {
  const pid = readPid(dataDir);
  if (pid === undefined) return false;
  await stopByPid(pid);
  rmSync(pidFile(dataDir), { force: true });
  return true;
}
