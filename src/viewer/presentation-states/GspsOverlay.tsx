import { summarisePresentation } from '../../gsps/presentation-summary.ts';
import type { GraphicShape, TextPlacement } from '../../gsps/graphic-shapes.ts';
import type { Point } from '../../gsps/types.ts';
import { usePresentationOverlay } from './usePresentationOverlay.ts';
import './presentation-states.css';

const n = (v: number) => Math.round(v * 100) / 100;
const pointList = (points: readonly Point[]) => points.map((p) => `${n(p[0])},${n(p[1])}`).join(' ');

function Shape({ type, shape }: { type: string; shape: GraphicShape }) {
  const common = { 'data-testid': 'gsps-graphic', 'data-graphic-type': type, className: 'gsps-graphic' };
  switch (shape.kind) {
    case 'point':
      return <circle {...common} cx={n(shape.at[0])} cy={n(shape.at[1])} r={3} fill="currentColor" />;
    case 'polyline':
      return shape.closed ? (
        <polygon {...common} points={pointList(shape.points.slice(0, -1))} fill={shape.filled ? 'currentColor' : 'none'} fillOpacity={shape.filled ? 0.25 : undefined} />
      ) : (
        <polyline {...common} points={pointList(shape.points)} fill="none" />
      );
    case 'curve':
      return <path {...common} d={shape.path} fill={shape.filled ? 'currentColor' : 'none'} fillOpacity={shape.filled ? 0.25 : undefined} />;
    case 'ellipse':
      return (
        <ellipse
          {...common}
          cx={n(shape.cx)}
          cy={n(shape.cy)}
          rx={n(shape.rx)}
          ry={n(shape.ry)}
          transform={shape.angle ? `rotate(${n(shape.angle)} ${n(shape.cx)} ${n(shape.cy)})` : undefined}
          fill={shape.filled ? 'currentColor' : 'none'}
          fillOpacity={shape.filled ? 0.25 : undefined}
        />
      );
  }
}

function Text({ text, placement }: { text: string; placement: TextPlacement }) {
  return (
    <g>
      {placement.anchorLine && (
        <line className="gsps-anchor-line" x1={n(placement.anchorLine.from[0])} y1={n(placement.anchorLine.from[1])} x2={n(placement.anchorLine.to[0])} y2={n(placement.anchorLine.to[1])} />
      )}
      <text
        data-testid="gsps-text"
        className="gsps-text"
        x={n(placement.at[0])}
        y={n(placement.at[1])}
        textAnchor={placement.align}
        dominantBaseline={placement.baseline === 'hanging' ? 'hanging' : 'auto'}
        data-box={placement.box ? `${n(placement.box.x)},${n(placement.box.y)},${n(placement.box.width)},${n(placement.box.height)}` : undefined}
      >
        {text}
      </text>
    </g>
  );
}

/**
 * The applied presentation state's graphics and texts over one viewport: read-only (outside the editable
 * annotation state, so saving annotations never re-saves them), in their own colour, with a label naming
 * the state. DICOM strings are rendered as text.
 */
export function GspsOverlay({ viewportId, ready }: { viewportId: string; ready: boolean }) {
  const drawing = usePresentationOverlay(viewportId, ready);
  if (!drawing) return null;
  const { overlayLine, label } = summarisePresentation(drawing.content);
  return (
    <div className="gsps-overlay" data-testid="gsps-overlay" data-sop-instance-uid={drawing.content.sopInstanceUID}>
      <div className="gsps-overlay-label" role="note" aria-label={`Presentation state applied: ${overlayLine.slice('GSPS: '.length)} (read-only)`}>
        {overlayLine} <span className="gsps-read-only">(read-only{drawing.onReferencedImage ? '' : '; not on this image'})</span>
      </div>
      <svg className="gsps-overlay-svg" role="group" aria-label={`Graphics and text of presentation state ${label} (read-only)`}>
        {drawing.shapes.map(({ key, type, shape }) => (
          <Shape key={key} type={type} shape={shape} />
        ))}
        {drawing.texts.map(({ key, text, placement }) => (
          <Text key={key} text={text} placement={placement} />
        ))}
      </svg>
    </div>
  );
}
