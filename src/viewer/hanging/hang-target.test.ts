import { describe, expect, it } from 'vitest';
import { isMpr } from '../mpr/mpr-store.ts';
import { useViewerStore } from '../viewer-store.ts';
import { hangTarget, protocolTarget } from './hang-target.ts';

const ct = { studyInstanceUID: '1.1', seriesInstanceUID: '1.1.1' };
const prior = { studyInstanceUID: '1.2', seriesInstanceUID: '1.2.1' };

describe('hangTarget', () => {
  it('hangs the series, the presets each viewport starts with and the protocol’s name', () => {
    const hungBy = { protocolId: 'ct-chest', name: 'CT chest', owner: 'shipped' as const, unmet: { 'viewport-3': 'no prior study to compare with' } };
    hangTarget({ layout: '2x2', series: [ct, ct, undefined, undefined], options: { presets: ['Mediastinum', 'Lung'], hungBy } });
    const state = useViewerStore.getState();
    expect(state.layout).toBe('2x2');
    expect(state.assignments['viewport-2']).toEqual(ct);
    expect(state.initialPresets).toEqual({ 'viewport-1': 'Mediastinum', 'viewport-2': 'Lung', 'viewport-3': undefined, 'viewport-4': undefined });
    expect(state.hungBy).toEqual(hungBy);
  });

  it('opens in MPR only the viewports the protocol asks for, and the next protocol’s stacks as stacks', () => {
    hangTarget({ layout: '1x2', series: [ct, prior], modes: ['mpr', 'stack'] });
    expect(isMpr('viewport-1', ct.seriesInstanceUID)).toBe(true);
    expect(isMpr('viewport-2', prior.seriesInstanceUID)).toBe(false);
    hangTarget({ layout: '1x1', series: [ct], modes: ['stack'] });
    expect(isMpr('viewport-1', ct.seriesInstanceUID)).toBe(false);
    expect(useViewerStore.getState().hungBy).toBeUndefined();
  });

  it('forgets a viewport’s initial preset when the reader puts another series there', () => {
    hangTarget({ layout: '1x2', series: [ct, ct], options: { presets: ['Mediastinum', 'Lung'] } });
    useViewerStore.getState().assignSeries('viewport-2', prior);
    expect(useViewerStore.getState().initialPresets['viewport-2']).toBeUndefined();
    expect(useViewerStore.getState().initialPresets['viewport-1']).toBe('Mediastinum');
  });
});

describe('protocolTarget', () => {
  it('names the protocol and its unmet viewports by viewport id, and keeps its layout, series, presets and modes', () => {
    const protocol = { id: 'ct-chest', name: 'CT chest' } as Parameters<typeof protocolTarget>[0]['choice']['protocol'];
    const target = protocolTarget({
      choice: { protocol, owner: 'personal' },
      layout: '2x2',
      series: [ct, ct, prior, undefined],
      presets: ['Mediastinum', 'Lung', 'Mediastinum', undefined],
      modes: ['stack', 'mpr', 'stack', 'stack'],
      unmet: new Map([[3, 'no second prior']]),
    });
    expect(target).toEqual({
      layout: '2x2',
      series: [ct, ct, prior, undefined],
      modes: ['stack', 'mpr', 'stack', 'stack'],
      options: {
        presets: ['Mediastinum', 'Lung', 'Mediastinum', undefined],
        hungBy: { protocolId: 'ct-chest', name: 'CT chest', owner: 'personal', unmet: { 'viewport-4': 'no second prior' } },
      },
    });
  });
});
