import type { PaletteResolution } from '../../imaging/palette-metadata.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import type { StoredInstance } from '../../imaging/stored-instance.ts';
import { TransferSyntaxMemory, type FrameRequest } from '../../imaging/transfer-syntax-policy.ts';
import type { LossyFirstPolicy } from '../../imaging/image-quality.ts';
import { SeriesLoadTracker, type SeriesProgress } from '../../imaging/load-progress.ts';
import { RequestScheduler } from '../../imaging/request-scheduler.ts';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** A frame whose data reached a decoder and whose load has not finished (frame-arrival.ts). */
export interface FrameArrival {
  imageId: string;
  transferSyntaxUID: string | undefined;
}

/** Bytes of a frame that came in a batch, waiting for the loader (batch-frame-loading.ts). */
export interface BatchedFrameBytes {
  /** What the batch asked for: stored bytes or EVRLE. */
  request: FrameRequest;
  contentType: string;
  bytes: Uint8Array;
}

/** What a preview image id was asked with (lossy-preview.ts). */
export interface PreviewRequest {
  rows: number;
  columns: number;
  color: boolean;
  policy: LossyFirstPolicy;
}

/** One retrieval of a frame by the loader (frame-retrieval.ts). */
export interface Attempt {
  request: FrameRequest;
  /** Transfer syntax of the part received, when one was. */
  partTransferSyntax?: string;
  /** Set by beforeProcessing when the part was refused. */
  refusedPart?: boolean;
}

/** A series some viewport shows, fetched in the background around the images on screen (series-loading.ts). */
export interface ShownSeries {
  imageIds: readonly string[];
  /** Image on screen per viewport showing the series. */
  onScreen: Map<string, number>;
  bytesPerImage: number;
  /** Frames asked for by a batch still on the wire. */
  inBatch: Set<string>;
  /** Whether its images are WADO-RS frames (a series' image ids are all of one kind): only those go in batches. */
  batchable: boolean;
  /** Frames a batch did not bring: asked for one by one from now on. */
  alone: Set<string>;
  /** Cancels the series' batches on the wire once no viewport shows it. */
  abort: AbortController;
}

/** Load progress per series, as the viewer's progress bars read it. */
export interface ProgressState {
  bySeries: Record<string, SeriesProgress>;
}

/**
 * The loading layer's page state, in one object: what the loading modules remember between calls
 * (frames in flight, registered images, remembered transfer syntaxes, marks made). The modules reach it
 * through `loadingSession()`; nothing else holds loading state, so a test starts from a fresh one with
 * `resetLoadingSession()`.
 */
export interface LoadingSession {
  /** frame-arrival.ts: frames whose data is here and whose load has not finished, by image id. */
  arrivals: Map<string, FrameArrival>;
  arrivalListeners: Set<(arrival: FrameArrival) => void>;
  /** Whether frame-arrival.ts listens to the loader's loaded/failed events yet. */
  watchingLoads: boolean;
  /** batch-frame-loading.ts: batched bytes handed to the next load of an image id. */
  batchedFrames: Map<string, BatchedFrameBytes>;
  /** frame-streaming.ts: WADO-RS roots of the data sources that stream frames. */
  streamingRoots: ReadonlySet<string>;
  /** image-metadata.ts: the descriptor of every image registered with the loader. */
  descriptors: Map<string, ImageDescriptor>;
  /** palette-registration.ts: palettes resolved per instance, and images that cannot be drawn (why). */
  paletteResolutions: Map<string, Promise<PaletteResolution>>;
  undrawable: Map<string, string>;
  /** stored-instance-frames.ts: the last stored instances fetched, most recent last. */
  recentInstances: Map<string, Promise<StoredInstance>>;
  /** lossy-preview.ts: what each preview image id was asked with. */
  previewRequests: Map<string, PreviewRequest>;
  /** frame-retrieval.ts: transfer syntaxes learnt per series, the attempt in flight per image id, stored syntaxes. */
  transferSyntaxMemory: TransferSyntaxMemory;
  attempts: Map<string, Attempt>;
  xhrImageIds: WeakMap<XMLHttpRequest, string>;
  storedSyntaxes: Map<string, string>;
  /** timing-marks.ts: which marks this viewer session has made. */
  firstImageMarked: boolean;
  seriesLoadedMarked: Set<string>;
  /** `first <series UID>` and `volume <series UID>` once marked (rr:mpr-first-image, rr:mpr-volume-loaded). */
  mprMarked: Set<string>;
  /** series-loading.ts: background requests, the series on screen, and their load progress. */
  scheduler: RequestScheduler;
  shownSeries: Map<string, ShownSeries>;
  tracker: SeriesLoadTracker;
  progress: StoreApi<ProgressState>;
}

/**
 * Background requests: three at most, so a batch's round trip overlaps the others' transfer and three of
 * the browser's six connections per origin stay free for what the reader asks for; thumbnails have one
 * slot of their own.
 */
const BACKGROUND_REQUESTS = { maxInFlight: 3, thumbnailShare: 1 };

export function createLoadingSession(): LoadingSession {
  return {
    arrivals: new Map(),
    arrivalListeners: new Set(),
    watchingLoads: false,
    batchedFrames: new Map(),
    streamingRoots: new Set(),
    descriptors: new Map(),
    paletteResolutions: new Map(),
    undrawable: new Map(),
    recentInstances: new Map(),
    previewRequests: new Map(),
    transferSyntaxMemory: new TransferSyntaxMemory(),
    attempts: new Map(),
    xhrImageIds: new WeakMap(),
    storedSyntaxes: new Map(),
    firstImageMarked: false,
    seriesLoadedMarked: new Set(),
    mprMarked: new Set(),
    scheduler: new RequestScheduler(BACKGROUND_REQUESTS),
    shownSeries: new Map(),
    tracker: new SeriesLoadTracker(),
    progress: createStore<ProgressState>(() => ({ bySeries: {} })),
  };
}

let session = createLoadingSession();

/** The page's loading state (one per page). */
export function loadingSession(): LoadingSession {
  return session;
}

/** A fresh loading state, for tests: nothing in flight, nothing registered, nothing remembered. */
export function resetLoadingSession(): void {
  session = createLoadingSession();
}
