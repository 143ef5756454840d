import { useMemo } from 'react';
import type { StackImage } from '../../imaging/series-stack.ts';
import { overlayTextFrom } from './overlay-text.ts';
import { GspsOverlay } from '../presentation-states/GspsOverlay.tsx';
import { ViewportControls } from './ViewportControls.tsx';
import { ViewportOverlay } from './ViewportOverlay.tsx';
import { useStackViewport } from './useStackViewport.ts';
import { useInitialPreset } from './useInitialPreset.ts';
import { preparePointer } from '../tools/pointer-tool.ts';
import { LocalizerLinesOverlay } from '../localizer/LocalizerLinesOverlay.tsx';
import { usePublishShownPlane } from '../localizer/usePublishShownPlane.ts';
import { useKeyImagePresentation } from '../key-images/useKeyImagePresentation.ts';

interface StackViewportProps {
  viewportId: string;
  /** 1-based position in the layout, used in accessible names ("viewport 2"). */
  position: number;
  seriesInstanceUID: string | undefined;
  images: readonly StackImage[] | undefined;
  /** Accessible name of the image ("Series 2: Chest 1.25 mm"). */
  label: string;
  /** Shown over the viewport instead of an image (loading, metadata failure, empty slot). */
  placeholder?: React.ReactNode;
}

/** One viewport: the Cornerstone element, its overlay and readouts, its failure message and its slice/cine controls. */
export function StackViewport({ viewportId, position, seriesInstanceUID, images, label, placeholder }: StackViewportProps) {
  const { elementRef, state, initError, commands } = useStackViewport(viewportId, seriesInstanceUID, images);
  const descriptor = images?.[state.index]?.descriptor ?? images?.[0]?.descriptor;
  const imageId = images?.[state.index]?.imageId;
  useKeyImagePresentation(viewportId, seriesInstanceUID, imageId);
  const overlay = useMemo(() => overlayTextFrom(descriptor), [descriptor]);
  const error = initError ?? state.error;
  const hasImages = !placeholder && images !== undefined && images.length > 0;
  useInitialPreset(viewportId, hasImages && seriesInstanceUID !== undefined && state.shownSeriesUID === seriesInstanceUID);
  const shown = hasImages && state.total > 0 ? images[state.index]?.descriptor : undefined;
  usePublishShownPlane(viewportId, seriesInstanceUID, shown);
  return (
    <>
      <div className="viewport-stage" onPointerDownCapture={(e) => preparePointer(viewportId, e.pointerType)}>
        <div
          ref={elementRef}
          className="viewport-element"
          role="img"
          aria-label={label}
          data-testid="viewport"
          tabIndex={0}
          onContextMenu={(e) => e.preventDefault()}
        />
        {hasImages && <ViewportOverlay viewportId={viewportId} text={overlay} state={state} imageId={imageId} />}
        {hasImages && <LocalizerLinesOverlay viewportId={viewportId} descriptor={shown} ready={state.total > 0} />}
        {hasImages && <GspsOverlay viewportId={viewportId} ready={state.total > 0} />}
        {placeholder && <div className="viewport-placeholder">{placeholder}</div>}
        {!placeholder && error && (
          <div role="alert" className="viewport-error" data-testid="viewport-error">
            {error}
          </div>
        )}
        {!placeholder && !error && state.failedFrames > 0 && (
          <div role="status" className="viewport-notice">
            {state.failedFrames === 1 ? '1 image of this series could not be loaded.' : `${state.failedFrames} images of this series could not be loaded.`}
          </div>
        )}
      </div>
      {/* The row keeps its height while a series loads, so the image above does not jump when it appears. */}
      {hasImages ? (
        <ViewportControls position={position} state={state} commands={commands} imageId={imageId} />
      ) : (
        <div className="viewport-controls" aria-hidden="true" />
      )}
    </>
  );
}
