import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useDataSource } from '../app/useDataSource.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { overlayTextFrom } from './overlay-text.ts';
import { parseStudyInstanceUIDs } from './launch-params.ts';
import { StackViewport } from './StackViewport.tsx';
import { useSeriesStack, useStudySeries } from './useSeriesStack.ts';

export function ViewerPage() {
  const [params] = useSearchParams();
  const source = useDataSource();
  const studyUID = parseStudyInstanceUIDs(params)[0];
  const series = useStudySeries(source, studyUID);
  const firstSeries = series.data?.[0];
  const stack = useSeriesStack(source, studyUID, firstSeries?.seriesInstanceUID);
  const overlay = useMemo(() => overlayTextFrom(stack.data?.[0]?.metadata), [stack.data]);

  if (!studyUID) {
    return <ErrorPanel title="No study to open" message="The link has no valid StudyInstanceUIDs parameter. Open a study from the worklist." />;
  }
  if (series.isError) {
    return <ErrorPanel title="The study could not be opened" message={series.error.message} onRetry={() => void series.refetch()} retrying={series.isFetching} />;
  }
  if (series.isPending) return <LoadingState label="Loading the study…" />;
  if (!firstSeries) return <ErrorPanel title="Nothing to display" message="This study has no image series." />;
  if (stack.isError) {
    return <ErrorPanel title="The series could not be loaded" message={stack.error.message} onRetry={() => void stack.refetch()} retrying={stack.isFetching} />;
  }
  if (stack.isPending) return <LoadingState label="Loading the series…" />;
  if (stack.data.length === 0) return <ErrorPanel title="Nothing to display" message="The first series has no displayable images." />;

  return (
    <section className="viewer" aria-label="Image viewer">
      <StackViewport images={stack.data} overlay={overlay} label={`Series ${firstSeries.description || firstSeries.seriesInstanceUID}`} />
    </section>
  );
}
