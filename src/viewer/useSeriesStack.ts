import { useQueries, useQuery } from '@tanstack/react-query';
import type { DataSource } from '../dicomweb/data-source.ts';
import { searchSeries, searchStudies } from '../dicomweb/qido.ts';
import { retrieveRenderedFrame, searchSeriesInstances } from '../dicomweb/series-instances.ts';
import type { SeriesSummary, StudySummary } from '../dicomweb/study-summary.ts';
import { retrieveSeriesMetadata } from '../dicomweb/wado.ts';
import { buildSeriesStack } from '../imaging/series-stack.ts';
import { orderImageSeries } from './series-choice.ts';
import { scheduleThumbnail } from './series-loading.ts';

/** A study of the launch URL: undefined `study` means the archive does not have it. */
export interface LaunchStudy {
  studyInstanceUID: string;
  study: StudySummary | undefined;
  series: SeriesSummary[];
}

async function loadStudy(source: DataSource, studyInstanceUID: string, signal: AbortSignal): Promise<LaunchStudy> {
  const [studies, series] = await Promise.all([
    searchStudies(source, { StudyInstanceUID: studyInstanceUID }, signal),
    searchSeries(source, studyInstanceUID, signal).catch((err: unknown) => {
      // An unknown study may answer 404 at series level: the study query decides.
      if ((err as { status?: number }).status === 404) return [];
      throw err;
    }),
  ]);
  const study = studies.find((s) => s.studyInstanceUID === studyInstanceUID);
  return { studyInstanceUID, study, series: study ? orderImageSeries(series) : [] };
}

/** Every study of the launch URL with its image series, in launch order. */
export function useLaunchStudies(source: DataSource, studyInstanceUIDs: readonly string[]) {
  return useQueries({
    queries: studyInstanceUIDs.map((uid) => ({
      queryKey: ['launch-study', source.sourceName, uid],
      queryFn: ({ signal }: { signal: AbortSignal }) => loadStudy(source, uid, signal),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => ({
      data: results.every((r) => r.isSuccess) ? results.map((r) => r.data!) : undefined,
      error: results.find((r) => r.isError)?.error ?? undefined,
      isFetching: results.some((r) => r.isFetching),
      refetch: () => results.forEach((r) => void r.refetch()),
    }),
  });
}

/** The series' instances (frame count and thumbnail choice), from QIDO-RS. */
export function useSeriesInstances(source: DataSource, studyInstanceUID: string, seriesInstanceUID: string) {
  return useQuery({
    queryKey: ['series-instances', source.sourceName, studyInstanceUID, seriesInstanceUID],
    queryFn: ({ signal }) => searchSeriesInstances(source, studyInstanceUID, seriesInstanceUID, signal),
    staleTime: Infinity,
  });
}

export function useSeriesStack(source: DataSource, studyInstanceUID: string | undefined, seriesInstanceUID: string | undefined) {
  return useQuery({
    queryKey: ['series-stack', source.sourceName, studyInstanceUID, seriesInstanceUID],
    queryFn: async ({ signal }) => {
      const metadata = await retrieveSeriesMetadata(source, studyInstanceUID!, seriesInstanceUID!, signal);
      return buildSeriesStack(source.wadoRoot, studyInstanceUID!, seriesInstanceUID!, metadata);
    },
    enabled: studyInstanceUID !== undefined && seriesInstanceUID !== undefined,
    staleTime: Infinity,
  });
}

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('The preview could not be read'));
    reader.readAsDataURL(blob);
  });
}

/** A rendered thumbnail as a data URL (a few kilobytes; no object URL lifetime to manage). */
export function useThumbnail(url: string | undefined): { src: string | undefined; failed: boolean } {
  const preview = useQuery({
    queryKey: ['thumbnail', url],
    // Behind the prefetch of the series on screen (series-loading.ts).
    queryFn: async ({ signal }) => blobToDataUrl(await scheduleThumbnail(url!, () => retrieveRenderedFrame(url!, signal))),
    enabled: url !== undefined,
    staleTime: Infinity,
    retry: 1,
  });
  return { src: preview.data, failed: preview.isError };
}
