import { useId } from 'react';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import { keyImageSetSeriesUID } from '../../imaging/key-image-stack.ts';
import { writeSeriesDrag } from '../hanging/series-dnd.ts';
import { useViewerStore } from '../viewer-store.ts';
import { keyImageSetName, useKeyImageSets } from './key-image-sets-query.ts';
import './key-images.css';

/**
 * The study's key-image sets (Key Object Selection documents in the archive), each a button that shows
 * exactly its images as a stack in the active viewport (or drag it onto one). Nothing for a study without any.
 */
export function KeyImageSetList({ source, studyInstanceUID }: { source: DataSource; studyInstanceUID: string }) {
  const query = useKeyImageSets(source, studyInstanceUID);
  const assignments = useViewerStore((s) => s.assignments);
  const headingId = useId();
  if (query.isPending) return null;
  if (query.isError) {
    return (
      <section className="key-image-sets" aria-labelledby={headingId}>
        <h3 id={headingId}>Key images</h3>
        <p role="alert">
          The key-image sets could not be loaded: {query.error.message}{' '}
          <button type="button" onClick={() => void query.refetch()}>
            Retry
          </button>
        </p>
      </section>
    );
  }
  if (query.data.length === 0) return null;
  return (
    <section className="key-image-sets" aria-labelledby={headingId}>
      <h3 id={headingId}>Key images</h3>
      <ul>
        {query.data.map((set) => {
          const ref = { studyInstanceUID, seriesInstanceUID: keyImageSetSeriesUID(set.sopInstanceUID) };
          const name = keyImageSetName(set);
          const shown = Object.values(assignments).some((a) => a?.seriesInstanceUID === ref.seriesInstanceUID);
          const count = `${set.images.length} ${set.images.length === 1 ? 'image' : 'images'}`;
          return (
            <li key={set.sopInstanceUID} data-testid="key-image-set" className={shown ? 'shown' : undefined}>
              <button
                type="button"
                draggable
                aria-pressed={shown}
                onClick={() => useViewerStore.getState().showInActiveViewport(ref)}
                onDragStart={(e) => writeSeriesDrag(e.dataTransfer, ref, name)}
                aria-label={`${name}, ${count}. Show in the active viewport, or drag onto a viewport.`}
              >
                <span className="key-image-set-name">{name}</span>
                <span className="key-image-set-meta">
                  {count}
                  {set.contentDate ? ` · ${formatDicomDate(set.contentDate)}` : ''}
                </span>
                {set.description && <span className="key-image-set-meta">{set.description}</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
