import { formatPixelSample } from '../../imaging/pixel-value.ts';
import { scaleBar } from '../../imaging/scale-bar.ts';
import { formatImageIndex, formatWindow, formatZoom, type OverlayText } from './overlay-text.ts';
import type { ViewportState } from './stack-viewport-controller.ts';
import { useViewportDisplay } from './useViewportDisplay.ts';
import { KeyImageMarker } from '../key-images/KeyImageMarker.tsx';
import '../tools/viewer-tools.css';

export type { OverlayText } from './overlay-text.ts';

const Line = ({ children, testId }: { children: string; testId?: string }) => (children ? <div data-testid={testId}>{children}</div> : null);

/**
 * Four-corner text, orientation markers, scale bar, pixel readout and the key-image mark over one viewport.
 * DICOM strings render as text, never HTML.
 */
export function ViewportOverlay({ viewportId, text, state, imageId }: { viewportId: string; text: OverlayText; state: ViewportState; imageId?: string }) {
  const display = useViewportDisplay(viewportId, state.total > 0);
  const bar = display.mmPerScreenPixel ? scaleBar(display.mmPerScreenPixel, 120) : undefined;
  // A preview's window is in display values, not the image's: no window readout until the image is in.
  const win =
    state.lossy === 'preview'
      ? undefined
      : (display.window ?? (state.windowWidth !== undefined ? { width: state.windowWidth, center: state.windowCenter! } : undefined));
  return (
    <div className="viewport-overlay" data-testid="viewport-overlay">
      {state.lossy && (
        <div
          className="quality-badge"
          data-testid="quality-badge"
          role="status"
          title={state.lossy === 'preview' ? 'Lossy preview: the lossless image is still loading' : 'Lossy-compressed image'}
        >
          LOSSY
        </div>
      )}
      {state.reducedColour && (
        <div
          className="quality-badge colour-depth-badge"
          data-testid="colour-depth-badge"
          role="status"
          title="The stored samples are scaled to 8 bits for display; the pixel readout shows the stored values"
        >
          {state.reducedColour}
        </div>
      )}
      <div className="corner top-left">
        <Line>{text.patientName}</Line>
        <Line>{text.patientId}</Line>
        <Line>{text.birthDateSex}</Line>
      </div>
      <div className="corner top-right">
        <Line>{text.studyDescription}</Line>
        <Line>{text.studyDate}</Line>
        <Line>{text.series}</Line>
      </div>
      <div className="corner bottom-left">
        <Line testId="image-index">{formatImageIndex(state.index, state.total)}</Line>
        <Line>{text.sliceLocation}</Line>
        <Line>{text.sliceThickness}</Line>
        <div data-testid="pixel-readout" className="pixel-readout" aria-live="off">
          {display.pixel ? formatPixelSample(display.pixel) : ''}
        </div>
      </div>
      <div className="corner bottom-right">
        <Line testId="voi-readout">{formatWindow(win?.width, win?.center)}</Line>
        <Line>{display.voiLutFunction !== 'LINEAR' ? `VOI LUT ${display.voiLutFunction}` : ''}</Line>
        <Line testId="zoom-readout">{formatZoom(display.zoom)}</Line>
        <Line testId="calibration-note">{text.calibration}</Line>
      </div>
      {display.markers && (
        <div data-testid="orientation-markers" aria-label="Orientation markers">
          <span className="marker marker-top" data-testid="marker-top">
            {display.markers.top}
          </span>
          <span className="marker marker-bottom" data-testid="marker-bottom">
            {display.markers.bottom}
          </span>
          <span className="marker marker-left" data-testid="marker-left">
            {display.markers.left}
          </span>
          <span className="marker marker-right" data-testid="marker-right">
            {display.markers.right}
          </span>
        </div>
      )}
      <KeyImageMarker imageId={imageId} />
      {bar && (
        <div className="scale-bar" data-testid="scale-bar" aria-label={`Scale bar ${bar.label}`}>
          <div className="scale-bar-line" style={{ width: `${bar.lengthPx}px` }} />
          <span>{bar.label}</span>
        </div>
      )}
    </div>
  );
}
