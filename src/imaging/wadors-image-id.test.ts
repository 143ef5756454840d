import { describe, expect, it } from 'vitest';
import {
  frameBatchRequestOf,
  frameUrlOfImageId,
  imageFrameOf,
  imageIdOfFrameUrl,
  isWadorsImageId,
  parseWadorsImageId,
  wadorsImageId,
} from './wadors-image-id.ts';

describe('parseWadorsImageId', () => {
  it('reads back what wadorsImageId writes', () => {
    const id = wadorsImageId('/sources/pacs/dicom-web', '1.2.3', '1.2.3.4', '1.2.3.4.5', 7);
    expect(parseWadorsImageId(id)).toEqual({
      wadoRoot: '/sources/pacs/dicom-web',
      studyInstanceUID: '1.2.3',
      seriesInstanceUID: '1.2.3.4',
      sopInstanceUID: '1.2.3.4.5',
      frameNumber: 7,
    });
  });

  it('ignores other image ids', () => {
    expect(parseWadorsImageId('wadouri:http://x/file.dcm')).toBeUndefined();
    expect(parseWadorsImageId('wadors:/dicom-web/studies/1/series/2/instances/3')).toBeUndefined();
  });
});

describe('wadorsImageId', () => {
  it('is the WADO-RS frame URL behind the loader scheme', () => {
    expect(wadorsImageId('/dicom-web', '1.2', '1.2.3', '1.2.3.4', 2)).toBe('wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/2');
  });

  it('converts to and from the frame URL', () => {
    const id = wadorsImageId('/dicom-web', '1.2', '1.2.3', '1.2.3.4', 2);
    const url = '/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/2';
    expect(isWadorsImageId(id)).toBe(true);
    expect(isWadorsImageId(url)).toBe(false);
    expect(frameUrlOfImageId(id)).toBe(url);
    expect(frameUrlOfImageId(url)).toBe(url);
    expect(imageIdOfFrameUrl(url)).toBe(id);
    expect(imageIdOfFrameUrl(id)).toBe(id);
  });
});

describe('imageFrameOf', () => {
  it('reads instance and frame from a wadors id or a wrapped one, percent-decoding the UID', () => {
    expect(imageFrameOf('wadors:/dw/studies/1/series/2/instances/1.4.5/frames/7')).toEqual({ sopInstanceUID: '1.4.5', frameNumber: 7 });
    expect(imageFrameOf('rrpreview:wadors:/dw/studies/1/series/2/instances/1%2E4/frames/1')).toEqual({ sopInstanceUID: '1.4', frameNumber: 1 });
    expect(imageFrameOf('wadouri:http://x/file.dcm')).toBeUndefined();
  });
});

describe('frameBatchRequestOf', () => {
  const id = (series: string, sop: string, frame = 1) => `wadors:/dicom-web/studies/1.2/series/${series}/instances/${sop}/frames/${frame}`;
  it('asks for the frames of one series in order, with the given Accept', () => {
    expect(frameBatchRequestOf([id('1.2.3', '7', 2), id('1.2.3', '5')], 'A')).toEqual({
      wadoRoot: '/dicom-web',
      studyInstanceUID: '1.2',
      seriesInstanceUID: '1.2.3',
      frames: [
        { sopInstanceUID: '7', frameNumber: 2 },
        { sopInstanceUID: '5', frameNumber: 1 },
      ],
      accept: 'A',
    });
  });
  it('gives nothing across series, for other image ids or for none', () => {
    expect(frameBatchRequestOf([id('1.2.3', '7'), id('1.2.4', '5')], 'A')).toBeUndefined();
    expect(frameBatchRequestOf([id('1.2.3', '7'), 'rrpreview:x'], 'A')).toBeUndefined();
    expect(frameBatchRequestOf([], 'A')).toBeUndefined();
  });
});
