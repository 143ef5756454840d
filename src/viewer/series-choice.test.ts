import { describe, expect, it } from 'vitest';
import { orderImageSeries } from './series-choice.ts';

const s = (uid: string, modality: string, seriesNumber?: number) => ({ seriesInstanceUID: uid, modality, description: '', seriesNumber, numberOfInstances: 1 });

describe('orderImageSeries', () => {
  it('drops presentation states and reports and orders by series number', () => {
    expect(orderImageSeries([s('pr', 'PR', 1), s('b', 'CT', 3), s('a', 'CT', 2), s('x', 'CT')]).map((x) => x.seriesInstanceUID)).toEqual(['a', 'b', 'x']);
  });
});
