import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { searchSeries } from '../../dicomweb/qido.ts';
import { storeInstances } from '../../dicomweb/stow.ts';
import { writeGspsPart10 } from '../../gsps/build-gsps.ts';
import { planPresentations, type PresentationPlan } from '../../gsps/plan-presentations.ts';
import { newUid } from '../../gsps/uid.ts';
import { buildKeyObjectDocument, writeKeyObjectPart10 } from '../../key-objects/build-kos.ts';
import { planKeyImages } from '../../key-objects/plan-key-images.ts';
import { useKeyImageMarks } from '../key-images/key-image-marks.ts';
import { imageDataset } from '../loading/image-metadata.ts';
import { readerAnnotations } from './presentation-annotations.ts';
import { captureViewerState, ensureImageMetadata } from './presentation-capture.ts';

export interface SavedSeries {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  annotations: number;
}

/** A key-image set ("Of Interest") a save stored. */
export interface SavedKeyImages {
  studyInstanceUID: string;
  seriesNumber: number;
  images: number;
  withPresentationState: number;
}

/** What a save left out, in words: annotations unless `unit` says otherwise. */
export type Skipped = PresentationPlan['skipped'][number] & { unit?: 'key image' };

export type SaveOutcome = { kind: 'nothing'; skipped: Skipped[] } | { kind: 'saved'; series: SavedSeries[]; keyImages: SavedKeyImages[]; skipped: Skipped[] };

/** The next free Series Number of a study (PR series included), so every save is a new, later series. */
async function nextSeriesNumber(source: DataSource, studyInstanceUID: string, signal?: AbortSignal): Promise<number> {
  const series = await searchSeries(source, studyInstanceUID, signal);
  return Math.max(0, ...series.map((s) => s.seriesNumber ?? 0)) + 1;
}

/**
 * Saves the reader's annotations and view as Grayscale Softcopy Presentation States: one new PR series
 * per annotated study (new UIDs on every save, never overwriting an earlier one), stored with STOW-RS; then
 * the reader's key images as one Key Object Selection "Of Interest" per study in a new KO series, each
 * image naming the presentation state just stored for it.
 */
export async function saveAnnotations(source: DataSource, creatorName: string, signal?: AbortSignal): Promise<SaveOutcome> {
  const drawn = readerAnnotations();
  const marks = useKeyImageMarks.getState().marks;
  if (drawn.length === 0 && marks.length === 0) return { kind: 'nothing', skipped: [] };
  await ensureImageMetadata(source, [...drawn.map((a) => a.metadata!.referencedImageId!), ...marks.map((m) => m.imageId)], signal);
  const { studies, ...captured } = captureViewerState();
  const numbers = new Map<string, number>();
  for (const study of new Set([...studies, ...marks.map((m) => m.studyInstanceUID)])) numbers.set(study, await nextSeriesNumber(source, study, signal));
  const now = new Date();
  const plan = planPresentations({
    ...captured,
    creatorName,
    now,
    newUid: () => newUid(),
    seriesNumber: (study) => numbers.get(study) ?? 1,
  });
  const keyImages = planKeyImages({
    marks: marks.map((m) => ({ ...m, dataset: imageDataset(m.imageId) })),
    presentations: plan.series,
    now,
    newUid: () => newUid(),
    // After the study's new presentation series, when this save writes one.
    seriesNumber: (study) => (numbers.get(study) ?? 1) + (plan.series.some((s) => s.studyInstanceUID === study) ? 1 : 0),
  });
  const skipped: Skipped[] = [...plan.skipped];
  if (keyImages.missing > 0) skipped.push({ count: keyImages.missing, reason: 'their image information could not be loaded', unit: 'key image' });
  if (plan.series.length === 0 && keyImages.documents.length === 0) return { kind: 'nothing', skipped };
  const saved: SavedSeries[] = [];
  for (const series of plan.series) {
    const files = series.presentations.map((p) => ({ sopInstanceUID: p.uids.sopInstanceUID, bytes: writeGspsPart10(p) }));
    await storeInstances(source, files, signal, series.studyInstanceUID);
    saved.push({
      studyInstanceUID: series.studyInstanceUID,
      seriesInstanceUID: series.seriesInstanceUID,
      seriesNumber: series.seriesNumber,
      annotations: series.presentations.reduce((n, p) => n + p.annotations.length, 0),
    });
  }
  const savedKeyImages: SavedKeyImages[] = [];
  // After the presentation states they name.
  for (const planned of keyImages.documents) {
    const { document } = planned;
    const bytes = writeKeyObjectPart10(buildKeyObjectDocument(document, { seriesNumber: planned.seriesNumber }));
    await storeInstances(source, [{ sopInstanceUID: document.sopInstanceUid, bytes }], signal, document.studyInstanceUid);
    savedKeyImages.push({
      studyInstanceUID: document.studyInstanceUid,
      seriesNumber: planned.seriesNumber,
      images: document.images.length,
      withPresentationState: planned.withPresentationState,
    });
  }
  return { kind: 'saved', series: saved, keyImages: savedKeyImages, skipped };
}
