import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../../scripts/lib/paths.ts';

/** What the e2e global setup started, shared with specs (which run in other processes). */
export interface E2eStack {
  baseURL: string;
  archiveDataDir: string;
  orthancHttpPort: number;
  orthancDicomPort: number;
  gatewayPid: number;
  manifestPath: string;
}

const STATE_FILE = path.join(CACHE_DIR, 'e2e-stack.json');

export function writeStackState(state: E2eStack): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function readStackState(): E2eStack {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eStack;
}
