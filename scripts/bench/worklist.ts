import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../playwright.config.ts';
import { benchAccountEnv, signInContext } from './bench-account.ts';
import { startOrthanc, type OrthancHandle } from '../archive/orthanc.ts';
import { buildApp } from '../lib/build-app.ts';
import { startGatewayProcess, type GatewayProcess } from '../lib/gateway-process.ts';
import { freePort } from '../lib/ports.ts';
import { DEFAULT_SCALE_SET, seedScaleSet } from '../samples/scale/scale-set.ts';
import { seedArchive } from '../samples/seed.ts';

/**
 * Query-to-first-row time of the worklist on a small archive (the default samples) and a large one
 * (the samples plus the scale set: 10,000 single-instance studies of 2,000 patients), each behind
 * its own gateway serving the production build, in headless chromium. Time = navigation start to
 * the app's `rr:worklist-rows` User Timing mark (first page of rows rendered), fresh browser
 * context per run signed in as the demo radiologist (no HTTP cache, no React Query cache, no local
 * window hint). Two cases:
 *   - "no hint": the gateway's window hints are blocked too, so every run walks the date windows from
 *     scratch (a reader's first query);
 *   - "shared hint": the gateway remembers the window this reader's earlier query found (the warm-up
 *     visit; hints are kept per account), so the page is one validated fetch.
 *   npm run bench:worklist [-- --runs 7]
 */
const RUNS = Math.max(5, Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7);

interface Stack {
  name: string;
  studies: number;
  archive: OrthancHandle;
  gateway: GatewayProcess;
}

async function startStack(name: string, root: string, distDir: string, withScale: boolean): Promise<Stack> {
  const archive = await startOrthanc({ dataDir: path.join(root, name), httpPort: await freePort(), dicomPort: await freePort() });
  const { manifest } = await seedArchive({ archive, log: () => {} });
  let studies = manifest.studies.length;
  if (withScale) studies += (await seedScaleSet(archive, DEFAULT_SCALE_SET, (m) => console.log(m))) > 0 ? DEFAULT_SCALE_SET.studies : 0;
  const gateway = await startGatewayProcess({ port: await freePort(), archive, staticDir: distDir, env: { LOG_LEVEL: 'warn', ...benchAccountEnv() } });
  return { name, studies, archive, gateway };
}

type Scenario = 'no hint' | 'shared hint';

async function measure(stack: Stack, browser: Awaited<ReturnType<typeof chromium.launch>>, scenario: Scenario): Promise<number[]> {
  const times: number[] = [];
  // One warm-up visit (archive caches, gateway JIT), not counted.
  for (let run = -1; run < RUNS; run++) {
    const context = await browser.newContext();
    await signInContext(context, stack.gateway.url);
    if (scenario === 'no hint') await context.route('**/api/worklist-hints/**', (route) => route.abort());
    const page = await context.newPage();
    // Newest first (date windows and their hints), the order measured since before the reading order became the default.
    await page.goto(`${stack.gateway.url}/?sort=date&dir=desc`);
    await page.waitForFunction(() => performance.getEntriesByName('rr:worklist-rows').length > 0, null, { timeout: 60_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName('rr:worklist-rows')[0]!.startTime);
    if (run >= 0) times.push(ms);
    await context.close();
  }
  return times;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'readroom-bench-'));
  const stacks: Stack[] = [];
  try {
    const distDir = path.join(root, 'dist');
    console.log('Building the app…');
    await buildApp(distDir);
    console.log('Starting the small and the large archive…');
    stacks.push(await startStack('small', root, distDir, false));
    stacks.push(await startStack('large', root, distDir, true));
    const browser = await chromium.launch({ headless: true, executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    const results: Array<{ stack: Stack; scenario: Scenario; times: number[] }> = [];
    try {
      for (const scenario of ['no hint', 'shared hint'] as const)
        for (const stack of stacks) results.push({ stack, scenario, times: await measure(stack, browser, scenario) });
    } finally {
      await browser.close();
    }
    console.log(`\nWorklist query-to-first-row (navigation start → first page of rows rendered), ${RUNS} runs each:\n`);
    console.log('| archive | studies | window hint | median ms | min ms | max ms |');
    console.log('|---|---:|---|---:|---:|---:|');
    for (const { stack, scenario, times } of results) {
      console.log(
        `| ${stack.name} | ${stack.studies} | ${scenario} | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)} | ${Math.max(...times).toFixed(0)} |`,
      );
    }
    for (const scenario of ['no hint', 'shared hint'] as const) {
      const [small, large] = results.filter((r) => r.scenario === scenario);
      console.log(`ratio large/small, ${scenario} (median): ${(median(large!.times) / median(small!.times)).toFixed(2)}`);
    }
  } finally {
    for (const s of stacks) {
      await s.gateway.stop();
      await s.archive.stop();
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
