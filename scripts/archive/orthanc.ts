import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ORTHANC_BINARY } from '../lib/debian-packages.ts';
import { CACHE_DIR, REPO_ROOT } from '../lib/paths.ts';
import { archiveClientOf, type ArchiveClient } from './archive-client.ts';
import { ensureArchiveCredentials } from './credentials.ts';
import type { DicomIntake } from './dicom-intake.ts';
import { DEFAULT_LOG_MAX_BYTES } from './log-rotation.ts';
import { orthancConfig } from './orthanc-config.ts';

const SHIM_SOURCE = path.join(REPO_ROOT, 'scripts/archive/stack-shim.c');
const LOG_ROTATOR = path.join(REPO_ROOT, 'scripts/archive/log-rotator.ts');

export interface OrthancOptions {
  /** Folder for storage, index, config, credentials, log and pid file (git-ignored). */
  dataDir: string;
  httpPort: number;
  dicomPort: number;
  /** DICOM C-STORE intake; without it the DICOM port is not opened at all. */
  dicomIntake?: DicomIntake | undefined;
  /** Size limit of orthanc.log (and of orthanc.log.1, the one before). */
  logMaxBytes?: number | undefined;
  /** Orthanc's HTTP worker threads (default 50); tests that exhaust them use a few. */
  httpThreads?: number | undefined;
  /** See OrthancConfigOptions.requestFilter: off only for a test of the gateway's own refusals. */
  requestFilter?: boolean | undefined;
}

export interface OrthancExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running archive: how to reach it (with its credentials), and its process. */
export interface OrthancHandle extends ArchiveClient {
  pid: number;
  /** Resolves when this Orthanc process ends, for whatever reason. */
  exited: Promise<OrthancExit>;
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

function pidFile(dataDir: string): string {
  return path.join(dataDir, 'orthanc.pid');
}

export function logFile(dataDir: string): string {
  return path.join(dataDir, 'orthanc.log');
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

/** Whatever answers HTTP on this address (any status). */
async function answersHttp(httpUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${httpUrl}/system`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** The archive answers its admin user: up, with these credentials, and the request filter loaded. */
export async function isReady(archive: Pick<ArchiveClient, 'adminFetch'>): Promise<boolean> {
  try {
    const res = await archive.adminFetch('/system', { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForExit(pid: number, child: ChildProcess | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child ? hasExited(child) : !isAlive(pid)) return true;
    await sleep(50);
  }
  return false;
}

export async function stopByPid(pid: number, child?: ChildProcess): Promise<void> {
  if (child ? hasExited(child) : !isAlive(pid)) return;
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
 * The process that writes Orthanc's output into orthanc.log with a size cap (log-rotator.ts). It ends by
 * itself when Orthanc's end of the pipe closes.
 */
function startLogRotator(dataDir: string, maxBytes: number): ChildProcess {
  const rotator = spawn(process.execPath, ['--import', 'tsx', LOG_ROTATOR, logFile(dataDir), String(maxBytes)], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  if (rotator.pid === undefined) throw new Error('Could not start the archive log writer');
  return rotator;
}

function lastLogLines(dataDir: string): string {
  try {
    return readFileSync(logFile(dataDir), 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts Orthanc as a plain child process from a project-owned config and resolves once it answers
 * its admin user. The credentials are made once per data folder (credentials.ts). The child is stopped
 * by PID via `stop()`.
 */
export async function startOrthanc(opts: OrthancOptions): Promise<OrthancHandle> {
  mkdirSync(path.join(opts.dataDir, 'storage'), { recursive: true });
  mkdirSync(path.join(opts.dataDir, 'index'), { recursive: true });
  const credentials = ensureArchiveCredentials(opts.dataDir);
  const configPath = path.join(opts.dataDir, 'orthanc.json');
  // The config holds the passwords: readable by its owner only.
  writeFileSync(configPath, JSON.stringify(orthancConfig({ ...opts, credentials }), null, 2), { mode: 0o600 });
  chmodSync(configPath, 0o600);
  const client = archiveClientOf(`http://127.0.0.1:${opts.httpPort}`, credentials);

  const stalePid = readPid(opts.dataDir);
  if (stalePid !== undefined && isAlive(stalePid)) {
    throw new Error(`An archive is already running from ${opts.dataDir} (pid ${stalePid}). Stop it first: npm run archive -- stop`);
  }
  if (await answersHttp(client.httpUrl)) {
    throw new Error(`Port ${opts.httpPort} is already in use by another HTTP server; set ORTHANC_HTTP_PORT.`);
  }

  const rotator = startLogRotator(opts.dataDir, opts.logMaxBytes ?? DEFAULT_LOG_MAX_BYTES);
  const rotatorDone = new Promise<void>((resolve) => rotator.once('exit', () => resolve()));
  let child: ChildProcess;
  try {
    child = spawn(ORTHANC_BINARY, [configPath], {
      // A process group of its own: Ctrl-C in a terminal reaches only its parent, which stops it with one
      // SIGTERM (a second signal while Orthanc shuts down kills it on the spot, its last log lines lost).
      detached: true,
      stdio: ['ignore', rotator.stdin!, rotator.stdin!],
      env: { ...process.env, LD_PRELOAD: ensureStackShim() },
    });
  } finally {
    // Orthanc holds the only writing end now: the rotator ends when Orthanc does.
    rotator.stdin!.destroy();
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start Orthanc (${ORTHANC_BINARY}; is the orthanc package installed?)`);
  writeFileSync(pidFile(opts.dataDir), String(pid));
  const exited = new Promise<OrthancExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    await stopByPid(pid, child);
    await Promise.race([rotatorDone, sleep(5_000)]);
    if (readPid(opts.dataDir) === pid) rmSync(pidFile(opts.dataDir), { force: true });
  };

  const deadline = Date.now() + 30_000;
  while (!(await isReady(client))) {
    if (hasExited(child) || Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not become ready on ${client.httpUrl}. Last log lines:\n${lastLogLines(opts.dataDir)}`);
    }
    await sleep(100);
  }

  return { ...client, pid, exited, stop };
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
