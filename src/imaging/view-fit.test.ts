import { describe, expect, it } from 'vitest';
import { afterResize, isFitted } from './view-fit.ts';

describe('view after a viewport resize', () => {
  it('fits again an image shown as first displayed', () => {
    expect(afterResize({ zoom: 1, pan: [0, 0] })).toEqual({ kind: 'fit' });
    // Rounding of the camera is not a reader's zoom or pan.
    expect(afterResize({ zoom: 1.004, pan: [0.4, -0.3] })).toEqual({ kind: 'fit' });
  });

  it('keeps the zoom of an image the reader zoomed', () => {
    expect(afterResize({ zoom: 2.5, pan: [0, 0] })).toEqual({ kind: 'keep-zoom', zoom: 2.5 });
    expect(afterResize({ zoom: 0.76, pan: [0, 0] })).toEqual({ kind: 'keep-zoom', zoom: 0.76 });
  });

  it('keeps the zoom of an image the reader only panned', () => {
    expect(isFitted({ zoom: 1, pan: [12, 0] })).toBe(false);
    expect(afterResize({ zoom: 1, pan: [0, -3] })).toEqual({ kind: 'keep-zoom', zoom: 1 });
  });

  it('fits when the view cannot be read', () => {
    expect(afterResize({ zoom: Number.NaN, pan: [0, 0] })).toEqual({ kind: 'fit' });
    expect(afterResize({ zoom: 0, pan: [5, 5] })).toEqual({ kind: 'fit' });
    expect(afterResize({ zoom: 1, pan: [Number.NaN, 0] })).toEqual({ kind: 'fit' });
  });
});
