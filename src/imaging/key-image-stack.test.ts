import { describe, expect, it } from 'vitest';
import type { KeyImageRef } from '../dicomweb/key-objects.ts';
import { keyImageSeries, keyImageSetOf, keyImageSetSeriesUID, selectKeyImages } from './key-image-stack.ts';
import type { StackImage } from './series-stack.ts';

const image = (series: string, sop: string, frameNumber = 1): StackImage =>
  ({
    imageId: `wadors:/w/studies/1/series/${series}/instances/${sop}/frames/${frameNumber}`,
    metadata: {},
    descriptor: { sopInstanceUID: sop, seriesInstanceUID: series, frameNumber },
    frameNumber,
  }) as StackImage;
const ref = (series: string | undefined, sop: string, frameNumbers?: number[]): KeyImageRef => ({
  studyInstanceUID: '1',
  seriesInstanceUID: series,
  sopClassUID: undefined,
  sopInstanceUID: sop,
  frameNumbers,
});

describe('key-image-stack', () => {
  it('names a set as a synthetic series and reads it back', () => {
    expect(keyImageSetOf(keyImageSetSeriesUID('9.9.1'))).toBe('9.9.1');
    expect(keyImageSetOf('1.2.3')).toBeUndefined();
  });

  it('takes exactly the selected images and frames, in the document order', () => {
    const stacks = new Map([
      ['s1', [image('s1', 'a'), image('s1', 'b'), image('s1', 'c')]],
      ['s2', [image('s2', 'm', 1), image('s2', 'm', 2), image('s2', 'm', 3)]],
    ]);
    const set = { images: [ref('s2', 'm', [3, 1]), ref('s1', 'c'), ref('s1', 'a'), ref('s1', 'c'), ref(undefined, 'x'), ref('s1', 'gone')] };
    expect(keyImageSeries(set, '1')).toEqual(['s2', 's1']);
    expect(selectKeyImages(set, stacks).map((i) => `${i.descriptor.sopInstanceUID}/${i.frameNumber}`)).toEqual(['m/1', 'm/3', 'c/1', 'a/1']);
    expect(selectKeyImages({ images: [ref('s2', 'm')] }, stacks)).toHaveLength(3);
  });
});
