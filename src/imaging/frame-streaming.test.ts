import { describe, expect, it } from 'vitest';
import { frameStreamingRoots, partialDecodeLevel, retrievalStatusOf, streamsFrames, upscaleNearest } from './frame-streaming.ts';
import { wadorsImageId } from './wadors-image-id.ts';

const RPCL = '1.2.840.10008.1.2.4.202';

describe('which frames stream', () => {
  const roots = frameStreamingRoots([
    { wadoRoot: '/dicom-web' },
    { wadoRoot: '/sources/htj2k/dicom-web', frameStreaming: true },
    { wadoRoot: '/sources/plain/dicom-web', frameStreaming: false },
  ]);

  it('only the frames of a source with frameStreaming on', () => {
    expect([...roots]).toEqual(['/sources/htj2k/dicom-web']);
    expect(streamsFrames(wadorsImageId('/sources/htj2k/dicom-web', '1.2', '1.3', '1.4', 1), roots)).toBe(true);
    expect(streamsFrames(wadorsImageId('/dicom-web', '1.2', '1.3', '1.4', 1), roots)).toBe(false);
    expect(streamsFrames(wadorsImageId('/sources/plain/dicom-web', '1.2', '1.3', '1.4', 1), roots)).toBe(false);
  });

  it('never a root that only starts like a streaming one, nor an image id of another kind', () => {
    expect(streamsFrames(wadorsImageId('/sources/htj2k/dicom-web2', '1.2', '1.3', '1.4', 1), roots)).toBe(false);
    expect(streamsFrames('rrpreview:wadors:/sources/htj2k/dicom-web/studies/1.2/series/1.3/instances/1.4/frames/1', roots)).toBe(false);
  });
});

describe('partial decodes while a frame streams in', () => {
  const at = (receivedBytes: number, lastLevel?: number, transferSyntaxUID = RPCL, totalBytes: number | undefined = 1000) =>
    partialDecodeLevel({ transferSyntaxUID, receivedBytes, totalBytes, lastLevel });

  it('tries coarser levels early and finer ones as bytes arrive, each once', () => {
    expect(at(50)).toBeUndefined();
    expect(at(70)).toBe(3);
    expect(at(200, 3)).toBeUndefined();
    expect(at(250, 3)).toBe(2);
    expect(at(500, 2)).toBe(1);
    expect(at(900, 1)).toBeUndefined();
    // A big first chunk goes straight to the finest level it allows.
    expect(at(600)).toBe(1);
  });

  it('leaves the complete frame, other syntaxes and an unknown length to the full decode', () => {
    expect(at(1000)).toBeUndefined();
    expect(at(500, undefined, '1.2.840.10008.1.2.4.201')).toBeUndefined();
    expect(at(500, undefined, '1.2.840.10008.1.2.4.90')).toBeUndefined();
    expect(partialDecodeLevel({ transferSyntaxUID: undefined, receivedBytes: 500, totalBytes: 1000, lastLevel: undefined })).toBeUndefined();
    expect(partialDecodeLevel({ transferSyntaxUID: RPCL, receivedBytes: 500, totalBytes: undefined, lastLevel: undefined })).toBeUndefined();
    expect(at(500, undefined, RPCL, Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(at(500, undefined, RPCL, 0)).toBeUndefined();
    expect(at(500, undefined, '1.2.840.10008.1.2.4.203')).toBe(1);
  });
});

describe('upscaleNearest', () => {
  it('repeats each pixel over the block it stands for, keeping the array type', () => {
    const small = new Int16Array([1, -2, 3, 4]);
    const big = upscaleNearest(small, { columns: 2, rows: 2 }, { columns: 4, rows: 4 }, 1);
    expect(big).toBeInstanceOf(Int16Array);
    expect([...big]).toEqual([1, 1, -2, -2, 1, 1, -2, -2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('handles odd sizes (a level-1 decode of 5 columns has 3) and colour samples', () => {
    const small = new Uint8Array([10, 20, 30, 40, 50, 60]);
    expect([...upscaleNearest(small, { columns: 3, rows: 2 }, { columns: 5, rows: 3 }, 1)]).toEqual([
      10, 10, 20, 20, 30, 10, 10, 20, 20, 30, 40, 40, 50, 50, 60,
    ]);
    const rgb = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect([...upscaleNearest(rgb, { columns: 2, rows: 1 }, { columns: 4, rows: 1 }, 3)]).toEqual([1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6]);
  });

  it('creates no value the smaller image does not hold', () => {
    const small = new Uint16Array(Array.from({ length: 9 }, (_, i) => i * 1000));
    const big = upscaleNearest(small, { columns: 3, rows: 3 }, { columns: 512, rows: 512 }, 1);
    expect(new Set(big)).toEqual(new Set(small));
  });
});

describe('retrievalStatusOf', () => {
  it("reads the status of the loader's streamed request error, else 0", () => {
    expect(retrievalStatusOf(new Error("Couldn't retrieve /dicom-web/studies/1/series/2/instances/3/frames/1 got status 500"))).toBe(500);
    expect(retrievalStatusOf(new Error("Couldn't retrieve /x got status 404"))).toBe(404);
    expect(retrievalStatusOf(new TypeError('Failed to fetch'))).toBe(0);
    expect(retrievalStatusOf(new Error('invalid response - terminating boundary not found'))).toBe(0);
    expect(retrievalStatusOf(undefined)).toBe(0);
  });
});
