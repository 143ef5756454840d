import type { PaletteResolution } from '../../imaging/palette-metadata.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import type { StoredInstance } from '../../imaging/stored-instance.ts';
import { TransferSyntaxMemory, type FrameRequest } from '../../imaging/transfer-syntax-policy.ts';
import type { LossyFirstPolicy } from '../../imaging/image-quality.ts';

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
}

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
