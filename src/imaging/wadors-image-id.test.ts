import { describe, expect, it } from 'vitest';
import { wadorsImageId } from './series-stack.ts';
import { frameBatchRequestOf, parseWadorsImageId } from './wadors-image-id.ts';

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
