import { beforeEach, describe, expect, it } from 'vitest';
import { CT_SERIES_UID, ctInput, STUDY_UID } from '../../../scripts/testing/gsps-fixtures.ts';
import { writeGspsPart10 } from '../../gsps/build-gsps.ts';
import { readGsps } from '../../gsps/read-gsps.ts';
import { useViewerStore } from '../viewer-store.ts';
import { usePresentationStore } from './presentation-store.ts';

const content = readGsps(writeGspsPart10(ctInput));
const ct = { studyInstanceUID: STUDY_UID, seriesInstanceUID: CT_SERIES_UID };
const other = { studyInstanceUID: STUDY_UID, seriesInstanceUID: '2.25.1' };

describe('choosing a presentation state', () => {
  beforeEach(() => usePresentationStore.getState().clear());

  it('uses the active viewport when it shows the referenced series', () => {
    useViewerStore.getState().hang([ct, ct], '1x2');
    useViewerStore.getState().setActiveViewport('viewport-2');
    usePresentationStore.getState().choose(content);
    expect(usePresentationStore.getState().chosen).toMatchObject({ viewportId: 'viewport-2', content });
  });

  it('uses another visible viewport that shows it', () => {
    useViewerStore.getState().hang([other, ct], '1x2');
    usePresentationStore.getState().choose(content);
    expect(usePresentationStore.getState().chosen?.viewportId).toBe('viewport-2');
    expect(useViewerStore.getState().assignments['viewport-1']).toEqual(other);
  });

  it('hangs the series in the active viewport when no visible viewport shows it', () => {
    useViewerStore.getState().hang([other, ct], '1x1');
    usePresentationStore.getState().choose(content);
    expect(usePresentationStore.getState().chosen?.viewportId).toBe('viewport-1');
    expect(useViewerStore.getState().assignments['viewport-1']).toEqual(ct);
  });

  it('counts every choice, so choosing the same state again re-applies it; None clears it', () => {
    useViewerStore.getState().hang([ct], '1x1');
    usePresentationStore.getState().choose(content);
    const first = usePresentationStore.getState().chosen!.choice;
    usePresentationStore.getState().choose(content);
    expect(usePresentationStore.getState().chosen!.choice).toBeGreaterThan(first);
    usePresentationStore.getState().clear();
    expect(usePresentationStore.getState().chosen).toBeUndefined();
  });
});

describe('a key image’s presentation state', () => {
  it('applies to the viewport showing the key-image set, without re-hanging it', () => {
    const set = { studyInstanceUID: STUDY_UID, seriesInstanceUID: 'key-images:2.25.77' };
    useViewerStore.getState().hang([set], '1x1');
    usePresentationStore.getState().chooseForKeyImage('viewport-1', content);
    expect(usePresentationStore.getState().chosen).toMatchObject({ viewportId: 'viewport-1', content, forKeyImage: true });
    expect(useViewerStore.getState().assignments['viewport-1']).toEqual(set);
  });
});
