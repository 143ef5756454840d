import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { summarisePresentation } from '../../gsps/presentation-summary.ts';
import type { GraphicShape, TextPlacement } from '../../gsps/graphic-shapes.ts';
import { layoutText, placeLabel, type Rect, type Size } from '../../gsps/overlay-layout.ts';
import type { Point } from '../../gsps/types.ts';
import { usePresentationOverlay } from './usePresentationOverlay.ts';
import './presentation-states.css';

const n = (v: number) => Math.round(v * 100) / 100;
const pointList = (points: readonly Point[]) => points.map((p) => `${n(p[0])},${n(p[1])}`).join(' ');

/** The font of `.gsps-text` (13 px, the page's family), measured on a canvas. */
function textMeasurer(): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text) => text.length * 7.5;
  context.font = `13px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  const widths = new Map<string, number>();
  return (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      // The black outline (stroke 3 px) adds to each side.
      width = context.measureText(text).width + 3;
      widths.set(text, width);
    }
    return width;
  };
}

function Shape({ type, shape }: { type: string; shape: GraphicShape }) {
  const common = { 'data-testid': 'gsps-graphic', 'data-graphic-type': type, className: 'gsps-graphic' };
  switch (shape.kind) {
    case 'point':
      return <circle {...common} cx={n(shape.at[0])} cy={n(shape.at[1])} r={3} fill="currentColor" />;
    case 'polyline':
      return shape.closed ? (
        <polygon
          {...common}
          points={pointList(shape.points.slice(0, -1))}
          fill={shape.filled ? 'currentColor' : 'none'}
          fillOpacity={shape.filled ? 0.25 : undefined}
        />
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

function Text({ text, placement, area, measure }: { text: string; placement: TextPlacement; area: Size; measure: (s: string) => number }) {
  const layout = layoutText(text, placement, area, measure);
  const { block, arrow } = layout;
  return (
    <g>
      {arrow && (
        <>
          <line className="gsps-anchor-line" x1={n(arrow.from[0])} y1={n(arrow.from[1])} x2={n(arrow.to[0])} y2={n(arrow.to[1])} />
          {arrow.head && (
            <polygon className="gsps-arrowhead" data-testid="gsps-arrowhead" points={pointList(arrow.head)} data-tip={`${n(arrow.to[0])},${n(arrow.to[1])}`} />
          )}
        </>
      )}
      <text
        data-testid="gsps-text"
        className="gsps-text"
        x={n(layout.x)}
        y={n(layout.y)}
        textAnchor={layout.align}
        dominantBaseline="hanging"
        data-box={placement.box ? `${n(placement.box.x)},${n(placement.box.y)},${n(placement.box.width)},${n(placement.box.height)}` : undefined}
        data-block={`${n(block.x)},${n(block.y)},${n(block.width)},${n(block.height)}`}
      >
        {layout.lines.map((line, i) => (
          // Lines joined by a space: the element's text stays the state's text.
          <tspan key={i} x={n(layout.x)} y={n(layout.y + i * layout.lineHeight)}>
            {i < layout.lines.length - 1 ? `${line} ` : line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

/** What the label must not cover: the viewport's own overlay (corner text, markers, badges, scale bar). */
const OBSTACLES =
  '.viewport-overlay .corner, .viewport-overlay .marker, .viewport-overlay .quality-badge, .viewport-overlay .key-image-marker, .viewport-overlay .scale-bar, [data-testid="comparison-label"]';

/**
 * Places the label clear of the viewport's own overlay, measured from the page (its fonts and corner text
 * change with the image and the reader's settings), again whenever any of it changes size.
 */
function useLabelPosition(rootRef: RefObject<HTMLDivElement | null>, labelRef: RefObject<HTMLDivElement | null>, text: string) {
  const [at, setAt] = useState<{ x: number; y: number }>();
  useLayoutEffect(() => {
    const root = rootRef.current;
    const label = labelRef.current;
    if (!root || !label) return;
    const scope = root.closest('[data-testid="viewport-slot"]') ?? root.parentElement ?? root;
    const place = () => {
      const origin = root.getBoundingClientRect();
      const relative = (el: Element | null): Rect | undefined => {
        const r = el?.getBoundingClientRect();
        return r && r.width > 0 && r.height > 0 ? { x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height } : undefined;
      };
      const all = [...scope.querySelectorAll(OBSTACLES)].flatMap((el) => relative(el) ?? []);
      const next = placeLabel(
        { width: label.offsetWidth, height: label.offsetHeight },
        { width: origin.width, height: origin.height },
        {
          all,
          topLeft: relative(scope.querySelector('.viewport-overlay .corner.top-left')),
          bottomLeft: relative(scope.querySelector('.viewport-overlay .corner.bottom-left')),
          markerTop: relative(scope.querySelector('.viewport-overlay .marker-top')),
          markerBottom: relative(scope.querySelector('.viewport-overlay .marker-bottom')),
        },
      );
      setAt((prev) => (prev && Math.abs(prev.x - next.x) < 0.5 && Math.abs(prev.y - next.y) < 0.5 ? prev : next));
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(root);
    observer.observe(label);
    for (const el of scope.querySelectorAll(OBSTACLES)) observer.observe(el);
    // Markers and badges come and go with the image: watch the overlay's children too.
    const mutations = new MutationObserver(place);
    const overlay = scope.querySelector('.viewport-overlay');
    if (overlay) mutations.observe(overlay, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [rootRef, labelRef, text]);
  return at;
}

/**
 * The applied presentation state's graphics and texts over one viewport: read-only (outside the editable
 * annotation state, so saving annotations never re-saves them), in their own colour, with a label naming
 * the state. DICOM strings are rendered as text.
 */
export function GspsOverlay({ viewportId, ready }: { viewportId: string; ready: boolean }) {
  const drawing = usePresentationOverlay(viewportId, ready);
  const rootRef = useRef<HTMLDivElement>(null);
  const labelRef = useRef<HTMLDivElement>(null);
  const [measure] = useState(textMeasurer);
  const summary = drawing && summarisePresentation(drawing.content);
  const labelText = summary ? `${summary.overlayLine} (read-only${drawing.onReferencedImage ? '' : '; not on this image'})` : '';
  const labelAt = useLabelPosition(rootRef, labelRef, labelText);
  if (!drawing || !summary) return null;
  const { overlayLine, label } = summary;
  return (
    <div ref={rootRef} className="gsps-overlay" data-testid="gsps-overlay" data-sop-instance-uid={drawing.content.sopInstanceUID}>
      <div
        ref={labelRef}
        className="gsps-overlay-label"
        role="note"
        aria-label={`Presentation state applied: ${overlayLine.slice('GSPS: '.length)} (read-only)`}
        title={labelText}
        style={labelAt ? { left: `${n(labelAt.x)}px`, top: `${n(labelAt.y)}px` } : { visibility: 'hidden' }}
      >
        {overlayLine} <span className="gsps-read-only">(read-only{drawing.onReferencedImage ? '' : '; not on this image'})</span>
      </div>
      <svg className="gsps-overlay-svg" role="group" aria-label={`Graphics and text of presentation state ${label} (read-only)`}>
        {drawing.shapes.map(({ key, type, shape }) => (
          <Shape key={key} type={type} shape={shape} />
        ))}
        {drawing.texts.map(({ key, text, placement }) => (
          <Text key={key} text={text} placement={placement} area={drawing.area} measure={measure} />
        ))}
      </svg>
    </div>
  );
}
