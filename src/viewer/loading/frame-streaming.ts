import { metaData, utilities } from '@cornerstonejs/core';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { frameStreamingRoots, streamsFrames } from '../../imaging/frame-streaming.ts';
import { loadingSession } from './loading-session.ts';

/**
 * Which frames are streamed: those of the data sources configured with `frameStreaming` (every image
 * id carries its source's WADO-RS root, so sources can be mixed on screen). For a stack whose image
 * on screen streams, Cornerstone's stack viewport is given a retrieve configuration, which makes it
 * load through its progressive loader and draw the lower-resolution images a streamed HTJ2K RPCL
 * frame yields before the full one; without it the viewport shows only the final image.
 */

/** Called with the runtime configuration's data sources before any image of them is loaded. */
export function configureFrameStreaming(sources: readonly DataSource[]): void {
  loadingSession().streamingRoots = frameStreamingRoots(sources);
}

export function isStreamedFrame(imageId: string): boolean {
  return streamsFrames(imageId, loadingSession().streamingRoots);
}

/** Cornerstone's single-stage progressive retrieval, with the loader's streaming option. */
const STREAMING_RETRIEVE_CONFIGURATION = { retrieveOptions: { default: { streaming: true } } };

/** Answers Cornerstone's `imageRetrieveConfiguration` lookups for the images of streaming sources (called once, by initCornerstone). */
export function registerStreamingRetrieveConfiguration(): void {
  const type = utilities.imageRetrieveMetadataProvider.IMAGE_RETRIEVE_CONFIGURATION;
  metaData.addProvider(
    (asked: string, query: unknown) => (asked === type && typeof query === 'string' && isStreamedFrame(query) ? STREAMING_RETRIEVE_CONFIGURATION : undefined),
    10_000,
  );
}
