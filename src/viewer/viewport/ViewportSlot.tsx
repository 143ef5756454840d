import { useState } from 'react';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import type { SeriesSummary } from '../../dicomweb/study-summary.ts';
import { LoadingState } from '../../ui/LoadingState.tsx';
import type { ComparisonRole } from '../hanging/comparison-hanging.ts';
import { seriesLabel } from '../hanging/series-choice.ts';
import { isSeriesDrag, readSeriesDrag } from '../hanging/series-dnd.ts';
import { StackViewport } from './StackViewport.tsx';
import { useSeriesStack } from '../loading/useSeriesStack.ts';
import { useKeyImageSetSummary } from '../key-images/key-image-sets-query.ts';
import { useViewerStore, type SeriesRef } from '../viewer-store.ts';
import { MprSlot } from '../mpr/MprSlot.tsx';

interface ViewportSlotProps {
  source: DataSource;
  viewportId: string;
  position: number;
  series: SeriesRef | undefined;
  summary: SeriesSummary | undefined;
  gridArea: string;
  /** CURRENT / PRIOR label and frame colour when several studies are compared. */
  comparisonRole?: ComparisonRole;
}

/** A cell of the layout: the series assigned to it, drop target, active marker, double-click maximise. */
export function ViewportSlot({ source, viewportId, position, series, summary, gridArea, comparisonRole }: ViewportSlotProps) {
  const stack = useSeriesStack(source, series?.studyInstanceUID, series?.seriesInstanceUID);
  const active = useViewerStore((s) => s.activeViewportId === viewportId);
  const maximised = useViewerStore((s) => s.maximisedViewportId);
  const unmet = useViewerStore((s) => s.hungBy?.unmet[viewportId]);
  const { setActiveViewport, assignSeries, toggleMaximised } = useViewerStore.getState();
  const [dropping, setDropping] = useState(false);
  const keySet = useKeyImageSetSummary(source, series?.studyInstanceUID, series?.seriesInstanceUID);
  const label = seriesLabel(summary ?? keySet);

  let placeholder: React.ReactNode;
  if (!series)
    placeholder = (
      <p>
        {unmet && <strong className="viewport-unmet">Hanging protocol: {unmet}. </strong>}
        Drop a series here, or make this viewport active and choose a series.
      </p>
    );
  else if (stack.isPending) placeholder = <LoadingState label="Loading the series…" />;
  else if (stack.isError)
    placeholder = (
      <div role="alert" className="viewport-error" data-testid="viewport-error">
        {label}: {stack.error.message}
      </div>
    );
  else if (stack.data.length === 0)
    placeholder = (
      <div role="alert" className="viewport-error" data-testid="viewport-error">
        {label}: this series has no displayable images.
      </div>
    );

  const hidden = maximised !== undefined && maximised !== viewportId;
  return (
    <section
      className={`viewport-frame${active ? ' active' : ''}${dropping ? ' drop-target' : ''}${maximised === viewportId ? ' maximised' : ''}${comparisonRole ? ` comparison-${comparisonRole.kind}` : ''}`}
      style={{ gridArea: maximised === viewportId ? '1 / 1 / -1 / -1' : gridArea, visibility: hidden ? 'hidden' : undefined }}
      aria-label={`Viewport ${position}${comparisonRole ? ` (${comparisonRole.label})` : ''}${series ? `: ${label}` : ' (empty)'}`}
      aria-current={active ? 'true' : undefined}
      aria-hidden={hidden || undefined}
      data-testid="viewport-slot"
      data-viewport-id={viewportId}
      data-series-uid={series?.seriesInstanceUID}
      onPointerDownCapture={() => setActiveViewport(viewportId)}
      onFocusCapture={() => setActiveViewport(viewportId)}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).closest('.viewport-controls')) return;
        toggleMaximised(viewportId);
      }}
      onDragOver={(e) => {
        if (!isSeriesDrag(e.dataTransfer)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={(e) => {
        setDropping(false);
        const dropped = readSeriesDrag(e.dataTransfer);
        if (!dropped) return;
        e.preventDefault();
        assignSeries(viewportId, dropped);
      }}
    >
      {comparisonRole && (
        <div className={`comparison-label comparison-label-${comparisonRole.kind}`} data-testid="comparison-label">
          {comparisonRole.label}
        </div>
      )}
      {series && stack.data && <MprSlot slotId={viewportId} position={position} seriesInstanceUID={series.seriesInstanceUID} images={stack.data} />}
      <StackViewport
        viewportId={viewportId}
        position={position}
        seriesInstanceUID={series?.seriesInstanceUID}
        images={stack.data}
        label={`Viewport ${position}: ${label}`}
        placeholder={placeholder}
      />
    </section>
  );
}
