import { stackArchive } from './archive.ts';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import { startGatewayProcess, type GatewayProcess } from '../../scripts/lib/gateway-process.ts';
import { REPO_ROOT } from '../../scripts/lib/paths.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import type { E2eStack } from './stack-state.ts';

/**
 * Signing in for the specs. The gateway of a run has the demo accounts (server/auth/demo-accounts.ts)
 * with a password made for that run; global setup signs each of them in once and keeps the cookies as
 * Playwright storage states (fixtures.ts uses the radiologist's by default).
 */

export const DEMO_USERS = ['radiologist', 'radiologist2', 'qa', 'admin'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

/** What the demo accounts are called on screen (server/auth/demo-accounts.ts). */
export const DISPLAY_NAMES: Record<DemoUser, string> = {
  radiologist: 'Ada Radiologist',
  radiologist2: 'Ben Radiologist',
  qa: 'Quinn Reviewer',
  admin: 'Alex Admin',
};

export function generateDemoPassword(): string {
  return `e2e-${randomBytes(18).toString('base64url')}`;
}

/**
 * The gateway environment of a run: its own database (never the repository's data/), the demo accounts,
 * and sessions that outlast a slow run (no spec waits for an idle timeout).
 */
export function accountsEnv(dataDir: string, demoPassword: string): Record<string, string> {
  return { READROOM_DATA_DIR: dataDir, READROOM_DEMO_PASSWORD: demoPassword, READROOM_SESSION_IDLE_MINUTES: '240' };
}

/** Signs in through `POST /api/session` (an Origin as a browser page would send); the cookie stays in `api`. */
export async function signInThroughApi(api: APIRequestContext, baseURL: string, username: string, password: string): Promise<void> {
  const res = await api.post(`${baseURL}/api/session`, { data: { username, password }, headers: { Origin: baseURL } });
  if (res.status() !== 200) throw new Error(`Signing in as ${username} at ${baseURL} answered HTTP ${res.status()}: ${await res.text()}`);
}

/** One storage state file per demo user (a signed-in session each), in `dir`. */
export async function signInDemoUsers(baseURL: string, demoPassword: string, dir: string): Promise<Record<DemoUser, string>> {
  const files = {} as Record<DemoUser, string>;
  for (const user of DEMO_USERS) {
    const api = await request.newContext({ baseURL });
    try {
      await signInThroughApi(api, baseURL, user, demoPassword);
      files[user] = path.join(dir, `storage-${user}.json`);
      await api.storageState({ path: files[user] });
    } finally {
      await api.dispose();
    }
  }
  return files;
}

export interface ExtraGateway {
  gateway: GatewayProcess;
  url: string;
  stop(): Promise<void>;
}

export interface ExtraGatewayOptions {
  config?: object;
  env?: Record<string, string>;
  /** Its port, when something must know its address before it starts (an identity provider's redirect URI). */
  port?: number;
  /** Runs with the gateway's environment before it starts (its embedded database takes one process at a time). */
  beforeStart?: (env: Record<string, string>) => Promise<void>;
}

/**
 * A second gateway for a spec (other sources, its own limits) with its own database and the run's demo
 * accounts. Cookies are not kept apart by port: signing in to it replaces the context's cookie for the
 * run's gateway (fine within one test; each test has its own context).
 */
export async function startGatewayWithAccounts(stack: E2eStack, options: ExtraGatewayOptions = {}): Promise<ExtraGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-e2e-gateway-'));
  const env: Record<string, string> = { LOG_LEVEL: 'warn', ...accountsEnv(path.join(dir, 'data'), stack.demoPassword), ...options.env };
  if (options.config) {
    const configPath = path.join(dir, 'readroom.json');
    writeFileSync(configPath, JSON.stringify({ staticDir: stack.distDir, ...options.config }));
    env['READROOM_CONFIG'] = configPath;
  }
  let gateway: GatewayProcess;
  try {
    await options.beforeStart?.(env);
    gateway = await startGatewayProcess({
      port: options.port ?? (await freePort()),
      staticDir: stack.distDir,
      ...(options.config ? {} : { archive: stackArchive(stack) }),
      env,
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    gateway,
    url: gateway.url,
    stop: async () => {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `npm run users -- <args>` against a gateway's database (its environment), as an operator runs it;
 * `stdin` answers `--password-stdin`. Resolves with what it printed; rejects when it fails.
 */
export function runUsersCli(env: Record<string, string>, args: readonly string[], stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'users', '--', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`npm run users -- ${args.join(' ')} exited with ${code}: ${output}`))));
    child.stdin.end(stdin);
  });
}
