import { describe, expect, it } from 'vitest';
import { wadorsImageId } from './series-stack.ts';
import { parseWadorsImageId } from './wadors-image-id.ts';

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
