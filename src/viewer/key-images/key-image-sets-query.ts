import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { searchSeries } from '../../dicomweb/qido.ts';
import { readKeyObjectSelection, type KeyObjectSelection } from '../../dicomweb/key-objects.ts';
import { retrieveSeriesMetadata } from '../../dicomweb/wado.ts';
import { keyImageSeries, keyImageSetOf, selectKeyImages } from '../../imaging/key-image-stack.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import type { SeriesSummary } from '../../dicomweb/study-summary.ts';
import { seriesStackQuery } from '../hanging/launch-queries.ts';
import { useLaunchSettled } from '../hanging/launch-settled.ts';

/** Every Key Object Selection document of a study (its KO series), newest first. */
export async function loadKeyImageSets(source: DataSource, studyInstanceUID: string, signal?: AbortSignal): Promise<KeyObjectSelection[]> {
  const series = (await searchSeries(source, studyInstanceUID, signal)).filter((s) => s.modality === 'KO');
  const instances = (await Promise.all(series.map((s) => retrieveSeriesMetadata(source, studyInstanceUID, s.seriesInstanceUID, signal)))).flat();
  return instances
    .map(readKeyObjectSelection)
    .filter((set): set is KeyObjectSelection => set !== undefined && set.images.length > 0)
    .sort((a, b) => `${b.contentDate}${b.contentTime}`.localeCompare(`${a.contentDate}${a.contentTime}`));
}

export function keyImageSetsQuery(source: DataSource, studyInstanceUID: string) {
  return {
    queryKey: ['key-image-sets', source.sourceName, studyInstanceUID] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) => loadKeyImageSets(source, studyInstanceUID, signal),
    staleTime: 60_000,
  };
}

/** The study's key-image sets, asked for once the launch's first image is shown. */
export function useKeyImageSets(source: DataSource, studyInstanceUID: string) {
  const settled = useLaunchSettled();
  return useQuery({ ...keyImageSetsQuery(source, studyInstanceUID), enabled: settled });
}

async function loadKeyImageStack(queryClient: QueryClient, source: DataSource, studyInstanceUID: string, kosSopInstanceUID: string): Promise<StackImage[]> {
  const sets = await queryClient.fetchQuery(keyImageSetsQuery(source, studyInstanceUID));
  const set = sets.find((s) => s.sopInstanceUID === kosSopInstanceUID);
  if (!set) throw new Error('This key-image set is not in the archive (any more).');
  const seriesUIDs = keyImageSeries(set, studyInstanceUID);
  const stacks = await Promise.all(seriesUIDs.map((uid) => queryClient.fetchQuery(seriesStackQuery(source, studyInstanceUID, uid))));
  return selectKeyImages(set, new Map(seriesUIDs.map((uid, i) => [uid, stacks[i]!])));
}

/**
 * The stack a viewport shows for a series reference: a real series' frames, or for a key-image set
 * (a synthetic series UID, src/imaging/key-image-stack.ts) the frames its KOS selects.
 */
export function useViewportStack(source: DataSource, studyInstanceUID: string | undefined, seriesInstanceUID: string | undefined) {
  const queryClient = useQueryClient();
  const kos = keyImageSetOf(seriesInstanceUID);
  const series = useQuery({
    ...seriesStackQuery(source, studyInstanceUID, seriesInstanceUID),
    enabled: studyInstanceUID !== undefined && seriesInstanceUID !== undefined && !kos,
  });
  const keyImages = useQuery({
    queryKey: ['key-image-stack', source.sourceName, studyInstanceUID, kos] as const,
    queryFn: () => loadKeyImageStack(queryClient, source, studyInstanceUID!, kos!),
    enabled: studyInstanceUID !== undefined && kos !== undefined,
    staleTime: Infinity,
  });
  return kos ? keyImages : series;
}

export function keyImageSetName(set: Pick<KeyObjectSelection, 'title'>): string {
  return `Key images — ${set.title}`;
}

/** How a viewport showing a key-image set names it (as a series summary), or undefined for a real series. */
export function useKeyImageSetSummary(
  source: DataSource,
  studyInstanceUID: string | undefined,
  seriesInstanceUID: string | undefined,
): SeriesSummary | undefined {
  const kos = keyImageSetOf(seriesInstanceUID);
  const sets = useQuery({ ...keyImageSetsQuery(source, studyInstanceUID ?? ''), enabled: kos !== undefined && studyInstanceUID !== undefined });
  const set = kos ? sets.data?.find((s) => s.sopInstanceUID === kos) : undefined;
  if (!kos || !seriesInstanceUID) return undefined;
  return {
    seriesInstanceUID,
    modality: 'KO',
    description: set ? keyImageSetName(set) : 'Key images',
    seriesNumber: undefined,
    numberOfInstances: set?.images.length,
  };
}
