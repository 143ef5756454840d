import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from '../../dicomweb/runtime-config.ts';

type Provider = (type: string, query: unknown) => unknown;
const providers: Provider[] = [];
vi.mock('@cornerstonejs/core', () => ({
  metaData: { addProvider: (p: Provider) => providers.push(p) },
  utilities: { imageRetrieveMetadataProvider: { IMAGE_RETRIEVE_CONFIGURATION: 'imageRetrieveConfiguration' } },
}));
const { configureFrameStreaming, isStreamedFrame, registerStreamingRetrieveConfiguration } = await import('./frame-streaming.ts');
const { resetLoadingSession } = await import('./loading-session.ts');

const frame = (root: string) => `wadors:${root}/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/1`;
const source = (wadoRoot: string, frameStreaming: boolean): DataSource => ({
  sourceName: wadoRoot,
  friendlyName: wadoRoot,
  qidoRoot: wadoRoot,
  wadoRoot,
  stowRoot: wadoRoot,
  quirks: { queryValueEncoding: 'literal' },
  frameStreaming,
});
const sources = [source('/streaming', true), source('/dicom-web', false)];

beforeEach(() => resetLoadingSession());

describe('frame streaming', () => {
  it('streams the frames of the sources configured for it only', () => {
    configureFrameStreaming(sources);
    expect(isStreamedFrame(frame('/streaming'))).toBe(true);
    expect(isStreamedFrame(frame('/dicom-web'))).toBe(false);
    expect(isStreamedFrame('rrpreview:' + frame('/streaming'))).toBe(false);
  });

  it('streams nothing before it is configured', () => {
    expect(isStreamedFrame(frame('/streaming'))).toBe(false);
  });

  it('answers the retrieve configuration lookup for streamed frames', () => {
    registerStreamingRetrieveConfiguration();
    configureFrameStreaming(sources);
    const provider = providers.at(-1)!;
    expect(provider('imageRetrieveConfiguration', frame('/streaming'))).toEqual({ retrieveOptions: { default: { streaming: true } } });
    expect(provider('imageRetrieveConfiguration', frame('/dicom-web'))).toBeUndefined();
    expect(provider('imagePlaneModule', frame('/streaming'))).toBeUndefined();
  });
});
