import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './paths.ts';

export const DIST_DIR = path.join(REPO_ROOT, 'dist');

/** Production build of the SPA (into dist/ unless told otherwise). */
export async function buildApp(outDir: string = DIST_DIR): Promise<void> {
  await build({ root: REPO_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
