import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { searchSeries } from '../../dicomweb/qido.ts';
import { storeInstances } from '../../dicomweb/stow.ts';
import { writeGspsPart10 } from '../../gsps/build-gsps.ts';
import { planPresentations, type PresentationPlan } from '../../gsps/plan-presentations.ts';
import { newUid } from '../../gsps/uid.ts';
import { readerAnnotations } from './presentation-annotations.ts';
import { captureViewerState, ensureImageMetadata } from './presentation-capture.ts';

export interface SavedSeries {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  annotations: number;
}

export type SaveOutcome =
  { kind: 'nothing'; skipped: PresentationPlan['skipped'] } | { kind: 'saved'; series: SavedSeries[]; skipped: PresentationPlan['skipped'] };

/** The next free Series Number of a study (PR series included), so every save is a new, later series. */
async function nextSeriesNumber(source: DataSource, studyInstanceUID: string, signal?: AbortSignal): Promise<number> {
  const series = await searchSeries(source, studyInstanceUID, signal);
  return Math.max(0, ...series.map((s) => s.seriesNumber ?? 0)) + 1;
}

/**
 * Saves the reader's annotations and view as Grayscale Softcopy Presentation States: one new PR series
 * per annotated study (new UIDs on every save, never overwriting an earlier one), stored with STOW-RS.
 */
export async function saveAnnotations(source: DataSource, creatorName: string, signal?: AbortSignal): Promise<SaveOutcome> {
  const drawn = readerAnnotations();
  if (drawn.length === 0) return { kind: 'nothing', skipped: [] };
  await ensureImageMetadata(
    source,
    drawn.map((a) => a.metadata!.referencedImageId!),
    signal,
  );
  const { studies, ...captured } = captureViewerState();
  const numbers = new Map<string, number>();
  for (const study of studies) numbers.set(study, await nextSeriesNumber(source, study, signal));
  const plan = planPresentations({
    ...captured,
    creatorName,
    now: new Date(),
    newUid: () => newUid(),
    seriesNumber: (study) => numbers.get(study) ?? 1,
  });
  if (plan.series.length === 0) return { kind: 'nothing', skipped: plan.skipped };
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
  return { kind: 'saved', series: saved, skipped: plan.skipped };
}
