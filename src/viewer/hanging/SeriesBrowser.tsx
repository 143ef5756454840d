import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import { renderedFrameUrl } from '../../dicomweb/series-instances.ts';
import type { SeriesSummary } from '../../dicomweb/study-summary.ts';
import { progressFraction } from '../../imaging/load-progress.ts';
import { countFrames, middleFrame } from '../../imaging/thumbnail.ts';
import { KeyImageSetList } from '../key-images/KeyImageSetList.tsx';
import { PresentationStateList } from '../presentation-states/PresentationStateList.tsx';
import { seriesLabel } from './series-choice.ts';
import { writeSeriesDrag } from './series-dnd.ts';
import { useSeriesProgress } from '../loading/series-loading.ts';
import type { LaunchStudy } from './launch-queries.ts';
import { useSeriesInstances, useThumbnail } from '../loading/useSeriesStack.ts';
import { useViewerStore } from '../viewer-store.ts';

const THUMBNAIL_SIZE = 96;

function Thumbnail({ source, studyUID, series }: { source: DataSource; studyUID: string; series: SeriesSummary }) {
  const instances = useSeriesInstances(source, studyUID, series.seriesInstanceUID);
  const frame = instances.data ? middleFrame(instances.data) : undefined;
  const url = frame && renderedFrameUrl(source, studyUID, series.seriesInstanceUID, frame.sopInstanceUID, frame.frame, THUMBNAIL_SIZE);
  const preview = useThumbnail(url);
  if (!preview.src) return <span className="series-thumb empty">{preview.failed || (instances.isSuccess && !frame) ? 'No preview' : ''}</span>;
  return <img className="series-thumb" src={preview.src} alt="" width={THUMBNAIL_SIZE} height={THUMBNAIL_SIZE} draggable={false} />;
}

function SeriesCard({ source, studyUID, series }: { source: DataSource; studyUID: string; series: SeriesSummary }) {
  const instances = useSeriesInstances(source, studyUID, series.seriesInstanceUID);
  const progress = useSeriesProgress(series.seriesInstanceUID);
  const shown = useViewerStore((s) => Object.values(s.assignments).some((a) => a?.seriesInstanceUID === series.seriesInstanceUID));
  const total = progress?.total ?? (instances.data ? countFrames(instances.data) : series.numberOfInstances);
  const loaded = progress?.loaded ?? 0;
  const label = seriesLabel(series);
  const ref = { studyInstanceUID: studyUID, seriesInstanceUID: series.seriesInstanceUID };
  return (
    <li className={`series-card${shown ? ' shown' : ''}`} data-testid="series-card" data-series-uid={series.seriesInstanceUID}>
      <button
        type="button"
        draggable
        onClick={() => useViewerStore.getState().showInActiveViewport(ref)}
        onDragStart={(e) => writeSeriesDrag(e.dataTransfer, ref, label)}
        aria-label={`${label}, ${series.modality}, ${total ?? 'unknown number of'} images. Show in the active viewport, or drag onto a viewport.`}
      >
        <Thumbnail source={source} studyUID={studyUID} series={series} />
        <span className="series-text">
          <span className="series-description">{series.description || '(no description)'}</span>
          <span className="series-meta">
            {series.modality}
            {series.seriesNumber !== undefined && ` · Se ${series.seriesNumber}`} · {total ?? '?'} {total === 1 ? 'image' : 'images'}
          </span>
        </span>
      </button>
      <div className="series-progress">
        <progress
          max={total ?? 1}
          value={total ? Math.round(progressFraction(progress) * total) : 0}
          aria-label={`Loaded images of ${label}`}
          data-testid="series-progress"
          data-loaded={loaded}
          data-total={total}
        />
        <span className="series-progress-text" aria-hidden="true">
          {progress ? `${loaded}/${progress.total}` : 'not loaded'}
          {progress?.failed ? ` · ${progress.failed} failed` : ''}
        </span>
      </div>
    </li>
  );
}

/** Every series of the launched studies, grouped by study: thumbnail, description, modality, image count, load progress. */
export function SeriesBrowser({ source, studies }: { source: DataSource; studies: readonly LaunchStudy[] }) {
  return (
    <nav className="series-browser" aria-label="Series">
      {studies
        .filter((s) => s.study)
        .map(({ studyInstanceUID, study, series }) => (
          <section key={studyInstanceUID} className="series-study" aria-label={`Study ${study!.description || studyInstanceUID}`}>
            <h2>
              {study!.description || 'Study'} <span className="series-study-date">{formatDicomDate(study!.studyDate)}</span>
            </h2>
            {series.length === 0 ? (
              <p className="empty-state">No image series.</p>
            ) : (
              <ul>
                {series.map((s) => (
                  <SeriesCard key={s.seriesInstanceUID} source={source} studyUID={studyInstanceUID} series={s} />
                ))}
              </ul>
            )}
            <KeyImageSetList source={source} studyInstanceUID={studyInstanceUID} />
            <PresentationStateList source={source} studyInstanceUID={studyInstanceUID} />
          </section>
        ))}
    </nav>
  );
}
