import { describe, expect, it } from 'vitest';
import { orderImageSeries, seriesLabel } from './series-choice.ts';

const s = (uid: string, modality: string, seriesNumber?: number) => ({ seriesInstanceUID: uid, modality, description: '', seriesNumber, numberOfInstances: 1 });

describe('orderImageSeries', () => {
  it('drops presentation states and reports and orders by series number', () => {
    expect(orderImageSeries([s('pr', 'PR', 1), s('b', 'CT', 3), s('a', 'CT', 2), s('x', 'CT')]).map((x) => x.seriesInstanceUID)).toEqual(['a', 'b', 'x']);
  });
});

describe('seriesLabel', () => {
  it('names a series by number and description', () => {
    expect(seriesLabel({ ...s('a', 'CT', 2), description: 'Lung' })).toBe('Series 2: Lung');
    expect(seriesLabel(s('a', 'CT'))).toBe('Series');
    expect(seriesLabel(undefined)).toBe('Series');
  });
});
