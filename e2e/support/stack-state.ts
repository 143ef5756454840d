import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../../scripts/lib/paths.ts';
import type { DemoUser } from './accounts.ts';

/** What the e2e global setup started, shared with specs (which run in worker processes). */
export interface E2eStack {
  baseURL: string;
  archiveDataDir: string;
  orthancHttpPort: number;
  orthancDicomPort: number;
  gatewayPid: number;
  manifestPath: string;
  distDir: string;
  /** READROOM_DEMO_PASSWORD of the run's gateway (made for the run): every demo account's password. */
  demoPassword: string;
  /** A signed-in storage state per demo user (e2e/support/accounts.ts). */
  storageStates: Record<DemoUser, string>;
}

const STATE_ENV = 'READROOM_E2E_STATE';

/** Called by global setup; workers inherit the environment, so concurrent runs never share a file. */
export function writeStackState(state: E2eStack): void {
  const file = path.join(CACHE_DIR, `e2e-stack-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(state, null, 2));
  process.env[STATE_ENV] = file;
}

export function readStackState(): E2eStack {
  const file = process.env[STATE_ENV];
  if (!file) throw new Error(`${STATE_ENV} is not set: run the specs through playwright.config.ts (its global setup starts the stack)`);
  return JSON.parse(readFileSync(file, 'utf8')) as E2eStack;
}
