import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_FLAGS } from '../../playwright.config.ts';
import { startOrthanc, type OrthancHandle } from '../archive/orthanc.ts';
import { buildApp } from '../lib/build-app.ts';
import { benchAccountEnv, openShareLink, shareStudy, signInContext, signInCookie } from './bench-account.ts';
import { startGatewayProcess, type GatewayProcess } from '../lib/gateway-process.ts';
import { freePort } from '../lib/ports.ts';
import type { SampleManifest } from '../samples/manifest.ts';
import { seedArchive } from '../samples/seed.ts';
import { startCountingProxy, type CountingProxy } from './counting-proxy.ts';
import { parseImagingArgs, type StudyKey, type ViewerKey } from './imaging-args.ts';
import { detailsText, markdownTable, runLine, targetChecks, targetsMarkdown, VIEWER_LABEL, type CaseResult } from './imaging-report.ts';
import { describeLink, physicalFloor } from './link.ts';
import { ensureOhifDist, ohifAppConfig, OHIF_VERSION } from './ohif-dist.ts';
import { measureSeriesWireBytes } from './series-wire-bytes.ts';
import { runViewer, type RunOutcome, type Target, type ViewerUnderTest } from './viewer-run.ts';

/**
 * Imaging benchmark (issue 5): Readroom and OHIF 3.13.2 open the CT chest and the large DX on loopback
 * and on an emulated teleradiology link, cold (fresh browser context) each run, and the medians of time
 * to first image, time to series loaded, bytes transferred and peak JS heap are printed with the
 * physical floor of the link and the targets. Starts its own archive, gateway and counting proxies on
 * free ports in a temporary folder and stops them by PID at the end, also on failure or Ctrl-C.
 *   npm run bench [-- --runs 5 --down 50 --up 10 --latency 40 --studies ct,dx --viewers readroom,ohif]
 * With --mpr the CT chest opens as MPR in both viewers (Readroom `mpr=1`, OHIF's hanging protocol `mpr`)
 * and the figures are the first reformatted (coronal or sagittal) image and the complete volume:
 *   npm run bench -- --mpr --runs 3 --links tele
 */

function pickTargets(manifest: SampleManifest): Record<StudyKey, Target> {
  const ct = manifest.studies
    .flatMap((study) => study.series.map((series) => ({ study, series })))
    .filter(({ series }) => series.modality === 'CT' && series.instances.length >= 200)
    .sort((a, b) => b.study.studyDate.localeCompare(a.study.studyDate))[0];
  const dx = manifest.studies
    .flatMap((study) => study.series.map((series) => ({ study, series })))
    .filter(({ series }) => series.modality === 'DX' || series.modality === 'CR')
    .sort((a, b) => b.series.instances[0]!.rows * b.series.instances[0]!.columns - a.series.instances[0]!.rows * a.series.instances[0]!.columns)[0];
  if (!ct || !dx) throw new Error('The sample manifest has no CT chest (≥ 200 images) or no DX/CR study');
  const target = (label: string, m: NonNullable<typeof ct>): Target => ({
    label,
    studyUID: m.study.studyInstanceUID,
    seriesUID: m.series.seriesInstanceUID,
    frames: m.series.instances.reduce((n, i) => n + i.frames, 0),
  });
  const i0 = dx.series.instances[0]!;
  return {
    ct: target(`CT chest (${ct.series.instances.length} × ${ct.series.instances[0]!.rows}², ${shortSyntax(ct.series.transferSyntaxUID)})`, ct),
    dx: target(`${dx.series.modality} chest (${i0.columns}×${i0.rows}, ${shortSyntax(dx.series.transferSyntaxUID)})`, dx),
  };
}

function shortSyntax(uid: string): string {
  const names: Record<string, string> = {
    '1.2.840.10008.1.2.4.80': 'JPEG-LS lossless',
    '1.2.840.10008.1.2.4.90': 'JPEG 2000 lossless',
    '1.2.840.10008.1.2.4.70': 'JPEG lossless',
    '1.2.840.10008.1.2.5': 'RLE',
    '1.2.840.10008.1.2.1': 'Explicit VR LE',
    '1.2.840.10008.1.2.4.201': 'HTJ2K lossless',
  };
  return names[uid] ?? uid;
}

interface Stack {
  archive?: OrthancHandle;
  gateway?: GatewayProcess;
  proxies: CountingProxy[];
  browser?: Browser;
  root: string;
}

async function stopStack(stack: Stack): Promise<void> {
  await stack.browser?.close().catch(() => undefined);
  for (const proxy of stack.proxies) await proxy.stop().catch(() => undefined);
  await stack.gateway?.stop().catch(() => undefined);
  await stack.archive?.stop().catch(() => undefined);
  rmSync(stack.root, { recursive: true, force: true });
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseImagingArgs>;
  try {
    options = parseImagingArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const stack: Stack = { proxies: [], root: mkdtempSync(path.join(tmpdir(), 'readroom-bench-imaging-')) };
  // A signal closes the browser (the run in progress fails at once) and stops the benchmark at the next
  // step; the finally below then stops whatever was started, whichever step it came in.
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = signal;
    console.error(`\n${signal}: stopping the benchmark's processes…`);
    void stack.browser?.close().catch(() => undefined);
  };
  const checkpoint = () => {
    if (signalled) throw new Error(`stopped by ${signalled}`);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  try {
    const distDir = path.join(stack.root, 'dist');
    console.log('Building the app…');
    await buildApp(distDir);
    checkpoint();
    const ohifDist = options.viewers.includes('ohif') ? ensureOhifDist((m) => console.log(m)) : undefined;
    console.log('Starting the archive and seeding the samples…');
    stack.archive = await startOrthanc({ dataDir: path.join(stack.root, 'archive'), httpPort: await freePort(), dicomPort: await freePort() });
    checkpoint();
    const { manifest } = await seedArchive({ archive: stack.archive, log: (m) => console.log(m) });
    checkpoint();
    // The browser reaches the gateway through the counting proxies, which keep its Host header: the
    // gateway must know their addresses as its own (its Host check refuses any other name).
    const proxyPorts = { readroom: await freePort(), shared: await freePort(), ohif: await freePort() };
    const allowedHosts = Object.values(proxyPorts)
      .map((port) => `127.0.0.1:${port}`)
      .join(',');
    stack.gateway = await startGatewayProcess({
      port: await freePort(),
      archive: stack.archive,
      staticDir: distDir,
      env: { LOG_LEVEL: 'warn', READROOM_ALLOWED_HOSTS: allowedHosts, ...benchAccountEnv() },
    });
    const benchCookie = await signInCookie(stack.gateway.url);
    const gateway = stack.gateway;

    const viewers: Partial<Record<ViewerKey, ViewerUnderTest>> = {};
    const view = options.mpr ? 'mpr' : 'stack';
    // Each viewer's own way to open the series as MPR from the launch URL (OHIF 3.13: its hanging protocol `mpr`).
    const readroomMpr = options.mpr ? '&mpr=1' : '';
    const ohifMpr = options.mpr ? '&hangingprotocolId=mpr' : '';
    /** A viewer's own counting proxy in front of the gateway (stopped with the stack). */
    const countingProxy = async (port: number, extra: Partial<Parameters<typeof startCountingProxy>[0]> = {}) => {
      const proxy = await startCountingProxy({ port, upstream: gateway.url, compressApp: options.compressApp, ...extra });
      stack.proxies.push(proxy);
      return proxy;
    };
    if (options.viewers.includes('readroom')) {
      const proxy = await countingProxy(proxyPorts.readroom);
      viewers.readroom = {
        name: VIEWER_LABEL.readroom,
        proxy,
        signals: 'marks',
        prepare: async (context, target) => {
          await signInContext(context, proxy.url);
          return `${proxy.url}/viewer?StudyInstanceUIDs=${target.studyUID}&hangingProtocol=single${readroomMpr}`;
        },
      };
    }
    if (options.viewers.includes('shared')) {
      const proxy = await countingProxy(proxyPorts.shared);
      viewers.shared = {
        name: VIEWER_LABEL.shared,
        proxy,
        signals: 'marks',
        // A link per run, made by the signed-in radiologist and opened in the fresh context (no account):
        // the run then times the viewer the link's Open button leads to, as the signed-in run times its viewer.
        prepare: async (context, target) => {
          const link = await shareStudy(gateway.url, benchCookie, target.studyUID);
          const location = await openShareLink(context, proxy.url, link);
          return `${proxy.url}${location}${location.includes('?') ? '&' : '?'}hangingProtocol=single${readroomMpr}`;
        },
      };
    }
    if (ohifDist) {
      const proxy = await countingProxy(proxyPorts.ohif, {
        staticDir: ohifDist,
        overrides: { '/app-config.js': { body: ohifAppConfig(), type: 'text/javascript; charset=utf-8' } },
      });
      viewers.ohif = {
        name: VIEWER_LABEL.ohif,
        proxy,
        signals: 'probe',
        prepare: async (context, target) => {
          await signInContext(context, proxy.url);
          return `${proxy.url}/viewer?StudyInstanceUIDs=${target.studyUID}${ohifMpr}`;
        },
      };
    }

    const targets = pickTargets(manifest);
    checkpoint();
    // Playwright's own signal handlers would exit the process before the archive and gateway are stopped.
    stack.browser = await chromium.launch({
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      headless: true,
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    });
    const browserVersion = stack.browser.version();
    const cases: CaseResult[] = [];
    const loadBefore = loadavg()[1]!;
    for (const study of options.studies) {
      const target = targets[study];
      const wire = await measureSeriesWireBytes(`${gateway.url}/dicom-web`, target.studyUID, target.seriesUID, benchCookie);
      if (options.warmup) {
        console.log(`\n${target.label}: warm-up visit per viewer (archive and gateway caches), not counted`);
        for (const key of options.viewers) {
          checkpoint();
          console.log(runLine(key, 'warm-up', await runViewer(stack.browser, viewers[key]!, target, { name: 'loopback' }, options.timeoutMs, view), view));
        }
      }
      for (const link of options.links) {
        console.log(`\n${target.label}${options.mpr ? ' as MPR' : ''} on ${describeLink(link)}, ${options.runs} cold runs per viewer:`);
        const result: CaseResult = { study, target, wire, link, floor: physicalFloor(link, wire), runs: {}, view };
        for (let run = 1; run <= options.runs; run++) {
          // Viewers alternate run by run, so drift on the shared machine hits both alike.
          for (const key of options.viewers) {
            checkpoint();
            const outcome: RunOutcome = await runViewer(stack.browser, viewers[key]!, target, link, options.timeoutMs, view);
            (result.runs[key] ??= []).push(outcome);
            console.log(runLine(key, run, outcome, view));
          }
        }
        cases.push(result);
      }
    }

    const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
    console.log(
      `\nImaging benchmark, ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpu}), Chromium ${browserVersion} headless (SwiftShader WebGL), Orthanc 1.10 through the gateway, OHIF ${OHIF_VERSION} prebuilt.`,
    );
    console.log(`Median (min–max) of ${options.runs} cold runs; times in seconds from navigation start; floor on the emulated link only.`);
    if (options.mpr) {
      console.log(
        "MPR: first reformatted image = first render of a coronal or sagittal plane that shows an image: on its canvas scaled to 32×32, a quarter of the rows hold 8 or more colours (an empty volume or a few slices crossing the plane do not; Readroom: rr:mpr-first-image; OHIF: the render probe, same test); volume complete = Cornerstone's IMAGE_VOLUME_MODIFIED reports every frame of the series' volume in at full resolution (Readroom: rr:mpr-volume-loaded; OHIF: the probe on that event).",
      );
    }
    // Other work on the machine slows both viewers; the 5-minute load average says how quiet it was.
    console.log(`Load average (5 min) when the runs started: ${loadBefore.toFixed(1)}, when they ended: ${loadavg()[1]!.toFixed(1)} (${cpus().length} cores).`);
    console.log(
      `Static app files ${options.compressApp ? 'gzip-compressed by the bench proxy for both viewers (as a CDN would; the gateway serves Brotli twins of its own build)' : "not compressed by the bench proxy (--no-compress; Readroom's gateway still serves its precompressed twins)"}.\n`,
    );
    console.log(markdownTable(cases, options.viewers));
    console.log('');
    console.log(targetsMarkdown(targetChecks(cases)));
    console.log('');
    console.log(detailsText(cases, options.viewers));
    const failed = cases.flatMap((c) => Object.values(c.runs).flat()).filter((o) => o?.error).length;
    if (failed > 0) console.log(`\n${failed} run(s) failed; their reached figures are in the medians, the rest is not (see FAILED above).`);
  } finally {
    await stopStack(stack);
    if (signalled) process.exit(130);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
