import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './paths.ts';

export const DIST_DIR = path.join(REPO_ROOT, 'dist');

/** Production build of the SPA into dist/. */
export async function buildApp(): Promise<void> {
  await build({ root: REPO_ROOT, logLevel: 'warn' });
}

export function isAppBuilt(): boolean {
  return existsSync(path.join(DIST_DIR, 'index.html'));
}
