import { cache, init as initCore, getWebWorkerManager } from '@cornerstonejs/core';
import { init as initLoader } from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';
import { cacheBudgetBytes } from '../../imaging/cache-budget.ts';
import { frameRetrievalOptions, registerFrameRetrieval } from '../loading/frame-retrieval.ts';
import { registerStreamingRetrieveConfiguration } from '../loading/frame-streaming.ts';
import { registerLossyPreviews } from '../loading/lossy-preview.ts';
import { registerTools } from '../tools/tool-group.ts';

/** Decoding stays off the main thread; two cores give two workers, never fewer than one. */
function decodeWorkerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores - 1));
}

function registerDecodeWorkers(): void {
  // Registered before the loader's init(), which then keeps ours (it never overwrites a registration).
  getWebWorkerManager().registerWorker(
    'dicomImageLoader',
    () => new Worker(new URL('../../../workers/decode-image-frame.worker.ts', import.meta.url), { type: 'module', name: 'readroom-decode' }),
    { maxWorkerInstances: decodeWorkerCount() },
  );
}

let initialised: Promise<void> | undefined;

/** Initialises Cornerstone once per page, however often React mounts (StrictMode runs effects twice). */
export function initCornerstone(options: { imageCacheMb?: number | undefined } = {}): Promise<void> {
  initialised ??= (async () => {
    await initCore();
    const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    cache.setMaxCacheSize(cacheBudgetBytes(options.imageCacheMb, deviceMemory));
    registerDecodeWorkers();
    initLoader({ maxWebWorkers: decodeWorkerCount(), ...frameRetrievalOptions });
    // After the loader's init(): replaces its `wadors` loader with the transfer-syntax policy's.
    registerFrameRetrieval();
    registerStreamingRetrieveConfiguration();
    registerLossyPreviews();
    initTools();
    registerTools();
  })();
  return initialised;
}
