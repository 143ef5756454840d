import { cache, init as initCore, getWebWorkerManager } from '@cornerstonejs/core';
import { internal as loaderInternal, wadors, wadouri } from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';
import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture.js';
import { cacheBudgetBytes } from '../../imaging/cache-budget.ts';
import { nextDecodeWorker } from '../loading/decode-workers.ts';
import { frameRetrievalOptions, registerFrameRetrieval } from '../loading/frame-retrieval.ts';
import { registerStreamingRetrieveConfiguration } from '../loading/frame-streaming.ts';
import { registerLossyPreviews } from '../loading/lossy-preview.ts';
import { registerGridImages } from '../mpr/grid-images.ts';
import { registerTools } from '../tools/tool-group.ts';
import { installFastFloatUploads } from './float-texture-upload.ts';

/** Decoding stays off the main thread; two cores give one worker, never fewer than one. */
function decodeWorkerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores - 1));
}

function registerDecodeWorkers(): void {
  getWebWorkerManager().registerWorker('dicomImageLoader', nextDecodeWorker, { maxWorkerInstances: decodeWorkerCount() });
}

let initialised: Promise<void> | undefined;

/** Initialises Cornerstone once per page, however often React mounts (StrictMode runs effects twice). */
export function initCornerstone(options: { imageCacheMb?: number | undefined } = {}): Promise<void> {
  initialised ??= (async () => {
    // The decode workers first: they need nothing of core's init, and start fetching their script sooner.
    registerDecodeWorkers();
    installFastFloatUploads(vtkOpenGLTexture);
    await initCore();
    const deviceMemory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    cache.setMaxCacheSize(cacheBudgetBytes(options.imageCacheMb, deviceMemory));
    // The loader's own init() = these steps plus registering its default decode worker, which would only
    // be refused ("already registered" warning on every viewer load) after spawning nothing: ours is the one.
    const loaderOptions = { maxWebWorkers: decodeWorkerCount(), ...frameRetrievalOptions };
    loaderInternal.setOptions(loaderOptions);
    wadors.register({});
    wadouri.register({});
    // After the loader's init(): replaces its `wadors` loader with the transfer-syntax policy's.
    registerFrameRetrieval();
    registerStreamingRetrieveConfiguration();
    registerLossyPreviews();
    registerGridImages();
    initTools();
    registerTools();
  })();
  return initialised;
}
