import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../playwright.config.ts';
import { benchAccountEnv, signInContext } from './bench-account.ts';
import { startOrthanc } from '../archive/orthanc.ts';
import { buildApp } from '../lib/build-app.ts';
import { startGatewayProcess } from '../lib/gateway-process.ts';
import { freePort } from '../lib/ports.ts';
import { DEFAULT_LONG_SERIES_SLICES, seedLongSeries } from '../samples/long-series/long-series.ts';

/**
 * Scrolls a 2,000-slice CT series end to end, one slice at a time as a reader holding the arrow key
 * would, and reports whether every slice was drawn, how long it took, and the tab's memory: the
 * decoded-image cache budget (READROOM_IMAGE_CACHE_MB, default from the device) must keep the heap
 * bounded while the series is about 1 GB decoded.
 *   npm run bench:long-series [-- --slices 2000 --cache-mb 512]
 */
const { values } = parseArgs({ options: { slices: { type: 'string' }, 'cache-mb': { type: 'string' } } });
const SLICES = Number(values.slices ?? DEFAULT_LONG_SERIES_SLICES);
const CACHE_MB = values['cache-mb'];

/** Resident memory (MiB) of the chromium processes started by this script (browser, renderers, GPU), from /proc. */
function chromiumRssMib(rootPid = process.pid): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parent.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      if (/^Name:\s+chrom/m.test(status)) rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid: number): boolean => pid === rootPid || (pid > 1 && parent.has(pid) && inTree(parent.get(pid)!));
  let kib = 0;
  for (const [pid, value] of rss) if (inTree(pid)) kib += value;
  return kib / 1024;
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'readroom-long-'));
  const archive = await startOrthanc({ dataDir: path.join(root, 'archive'), httpPort: await freePort(), dicomPort: await freePort() });
  let gateway: Awaited<ReturnType<typeof startGatewayProcess>> | undefined;
  try {
    const long = await seedLongSeries(archive, SLICES);
    const distDir = path.join(root, 'dist');
    await buildApp(distDir);
    gateway = await startGatewayProcess({
      port: await freePort(),
      archive,
      staticDir: distDir,
      env: { LOG_LEVEL: 'warn', ...benchAccountEnv(), ...(CACHE_MB ? { READROOM_IMAGE_CACHE_MB: CACHE_MB } : {}) },
    });
    const browser = await chromium.launch({ headless: true, executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await signInContext(context, gateway.url);
      const page = await context.newPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const heap = async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20;
      };
      let crashed = false;
      page.on('crash', () => (crashed = true));
      await page.goto(`${gateway.url}/viewer?StudyInstanceUIDs=${long.studyInstanceUID}&hangingProtocol=single`);
      const index = page.getByTestId('image-index').first();
      await index.waitFor({ timeout: 120_000 });
      await page.waitForFunction((n) => document.querySelector('[data-testid="image-index"]')?.textContent === `Image 1 / ${n}`, SLICES, { timeout: 120_000 });
      await page.getByTestId('viewport').first().click();
      const started = Date.now();
      const rss = () => chromiumRssMib();
      let peakHeap = await heap();
      let peakRss = rss();
      for (let i = 1; i < SLICES && !crashed; i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForFunction(
          ([k, n]) => document.querySelector('[data-testid="image-index"]')?.textContent === `Image ${k} / ${n}`,
          [i + 1, SLICES] as const,
          { timeout: 60_000 },
        );
        if (i % 100 === 0) {
          peakHeap = Math.max(peakHeap, await heap());
          peakRss = Math.max(peakRss, rss());
          console.log(
            `  slice ${i + 1} / ${SLICES}, ${((Date.now() - started) / 1000).toFixed(0)} s, JS heap ${peakHeap.toFixed(0)} MiB peak, browser RSS ${peakRss.toFixed(0)} MiB peak`,
          );
        }
      }
      const drawn = await page.evaluate(
        () => new Set(performance.getEntriesByName('rr:slice-rendered').map((e) => (e as PerformanceMark).detail.index as number)).size,
      );
      const errors = await page.getByTestId('viewport-error').count();
      console.log(`\nLong series: ${SLICES} slices, cache ${CACHE_MB ? `${CACHE_MB} MiB (configured)` : 'default (device)'}`);
      console.log(`| slices drawn | failed | time end to end | ms per slice | peak JS heap | peak browser RSS | tab alive |`);
      console.log(`|---:|---:|---:|---:|---:|---:|---|`);
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `| ${drawn} / ${SLICES} | ${errors} | ${seconds.toFixed(0)} s | ${((seconds * 1000) / SLICES).toFixed(0)} | ${peakHeap.toFixed(0)} MiB | ${peakRss.toFixed(0)} MiB | ${crashed ? 'no (crashed)' : 'yes'} |`,
      );
      if (crashed || drawn < SLICES) process.exitCode = 1;
    } finally {
      await browser.close();
    }
  } finally {
    await gateway?.stop();
    await archive.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
