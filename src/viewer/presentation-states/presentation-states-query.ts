import { useQuery } from '@tanstack/react-query';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { getString } from '../../dicomweb/dicom-json.ts';
import { searchSeries } from '../../dicomweb/qido.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { retrieveSeriesMetadata } from '../../dicomweb/wado.ts';
import { GSPS_SOP_CLASS_UID } from '../../gsps/build-gsps.ts';
import { readGspsFromDicomJson } from '../../gsps/read-gsps-json.ts';
import type { GspsContent } from '../../gsps/types.ts';
import { useLaunchSettled } from '../hanging/launch-settled.ts';

/**
 * The react-query key of a study's presentation states. Saving a new one invalidates it:
 * `queryClient.invalidateQueries({ queryKey: presentationStatesQueryKey(source, studyUID) })`.
 */
export function presentationStatesQueryKey(source: Pick<DataSource, 'sourceName'>, studyInstanceUID: string) {
  return ['presentation-states', source.sourceName, studyInstanceUID] as const;
}

export interface StudyPresentationStates {
  /** Newest first. */
  states: GspsContent[];
  /** Instances of PR series that are not grayscale presentation states, or could not be read. */
  skipped: number;
}

/** Every grayscale presentation state of a study: QIDO-RS for its PR series, WADO-RS metadata for their instances. */
export async function loadPresentationStates(source: DataSource, studyInstanceUID: string, signal?: AbortSignal): Promise<StudyPresentationStates> {
  const series = (await searchSeries(source, studyInstanceUID, signal)).filter((s) => s.modality === 'PR');
  const instances = (await Promise.all(series.map((s) => retrieveSeriesMetadata(source, studyInstanceUID, s.seriesInstanceUID, signal)))).flat();
  const states: GspsContent[] = [];
  let skipped = 0;
  for (const instance of instances) {
    if (getString(instance, Tag.SOPClassUID) !== GSPS_SOP_CLASS_UID) {
      skipped++;
      continue;
    }
    try {
      states.push(readGspsFromDicomJson(instance as Record<string, { vr: string; Value?: unknown[] }>));
    } catch {
      skipped++;
    }
  }
  states.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.label.localeCompare(b.label));
  return { states, skipped };
}

/** Asked for once the launch's first image is shown. */
export function usePresentationStates(source: DataSource, studyInstanceUID: string) {
  const settled = useLaunchSettled();
  return useQuery({
    enabled: settled,
    queryKey: presentationStatesQueryKey(source, studyInstanceUID),
    queryFn: ({ signal }) => loadPresentationStates(source, studyInstanceUID, signal),
    staleTime: 60_000,
  });
}
