import { describe, expect, it } from 'vitest';
import { pairSync } from './sync-rules.ts';

describe('pairSync', () => {
  it('offers window and zoom/pan sync between series of one modality', () => {
    expect(pairSync('CT', 'CT')).toEqual({ voi: true, zoomPan: true });
  });
  it('turns window and zoom/pan sync off across modalities', () => {
    expect(pairSync('CT', 'CR')).toEqual({ voi: false, zoomPan: false });
    expect(pairSync('CR', 'DX')).toEqual({ voi: false, zoomPan: false });
  });
  it('offers neither when a modality is unknown', () => {
    expect(pairSync(undefined, 'CT')).toEqual({ voi: false, zoomPan: false });
    expect(pairSync('', '')).toEqual({ voi: false, zoomPan: false });
    expect(pairSync(undefined, undefined)).toEqual({ voi: false, zoomPan: false });
  });
});
