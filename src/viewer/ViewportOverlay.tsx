import type { ViewportState } from './stack-viewport-controller.ts';

export interface OverlayText {
  patientName: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
}

function round(n: number | undefined): string {
  return n === undefined ? '–' : String(Math.round(n));
}

/** Four-corner text over the image; all DICOM strings render as text, never HTML. */
export function ViewportOverlay({ text, state }: { text: OverlayText; state: ViewportState }) {
  return (
    <div className="viewport-overlay" aria-hidden="false">
      <div className="corner top-left">
        <div>{text.patientName}</div>
        <div>{text.patientId}</div>
      </div>
      <div className="corner top-right">
        <div>{text.studyDescription}</div>
        <div>{text.studyDate}</div>
      </div>
      <div className="corner bottom-left">
        <div>{text.seriesDescription}</div>
        <div data-testid="image-index">
          Image {state.total ? state.index + 1 : 0} / {state.total}
        </div>
      </div>
      <div className="corner bottom-right">
        <div data-testid="voi-readout">
          W: {round(state.windowWidth)} L: {round(state.windowCenter)}
        </div>
      </div>
    </div>
  );
}
