import { useQuery } from '@tanstack/react-query';
import type { DataSource } from '../dicomweb/data-source.ts';
import { searchSeries } from '../dicomweb/qido.ts';
import { retrieveSeriesMetadata } from '../dicomweb/wado.ts';
import { buildSeriesStack } from '../imaging/series-stack.ts';
import { orderImageSeries } from './series-choice.ts';

export function useStudySeries(source: DataSource, studyInstanceUID: string | undefined) {
  return useQuery({
    queryKey: ['series', source.sourceName, studyInstanceUID],
    queryFn: async ({ signal }) => orderImageSeries(await searchSeries(source, studyInstanceUID!, signal)),
    enabled: studyInstanceUID !== undefined,
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
