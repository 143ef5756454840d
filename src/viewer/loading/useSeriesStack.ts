import { useQueries, useQuery } from '@tanstack/react-query';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { retrieveRenderedFrame, searchSeriesInstances } from '../../dicomweb/series-instances.ts';
import { launchStudyQuery } from '../hanging/launch-queries.ts';
import { useViewportStack } from '../key-images/key-image-sets-query.ts';
import { useLaunchSettled } from '../hanging/launch-settled.ts';
import { scheduleThumbnail } from './series-loading.ts';

/** Every study of the launch URL with its image series, in launch order. */
export function useLaunchStudies(source: DataSource, studyInstanceUIDs: readonly string[]) {
  return useQueries({
    queries: studyInstanceUIDs.map((uid) => launchStudyQuery(source, uid)),
    combine: (results) => ({
      data: results.every((r) => r.isSuccess) ? results.map((r) => r.data!) : undefined,
      error: results.find((r) => r.isError)?.error ?? undefined,
      isFetching: results.some((r) => r.isFetching),
      refetch: () => results.forEach((r) => void r.refetch()),
    }),
  });
}

/** The series' instances (frame count and thumbnail choice), from QIDO-RS; asked for once the first image is shown. */
export function useSeriesInstances(source: DataSource, studyInstanceUID: string, seriesInstanceUID: string) {
  const settled = useLaunchSettled();
  return useQuery({
    queryKey: ['series-instances', source.sourceName, studyInstanceUID, seriesInstanceUID],
    queryFn: ({ signal }) => searchSeriesInstances(source, studyInstanceUID, seriesInstanceUID, signal),
    enabled: settled,
    staleTime: Infinity,
  });
}

/** A series' stack, or a key-image set's (its synthetic series UID: src/imaging/key-image-stack.ts). */
export function useSeriesStack(source: DataSource, studyInstanceUID: string | undefined, seriesInstanceUID: string | undefined) {
  return useViewportStack(source, studyInstanceUID, seriesInstanceUID);
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
