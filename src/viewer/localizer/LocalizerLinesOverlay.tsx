import { Enums } from '@cornerstonejs/core';
import { useEffect, useMemo, useState } from 'react';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import { imagePlaneOf, localizerLine, pixelToPatient, type LocalizerLine, type PixelPoint } from '../../imaging/localizer-line.ts';
import { stackViewport } from '../viewport/engine.ts';
import { isOwnSource, useLocalizerLines } from './localizer-lines-store.ts';
import './localizer-lines.css';

const n = (v: number) => Math.round(v * 1000) / 1000;
const pixel = (p: PixelPoint) => `${n(p.column)},${n(p.row)}`;

/** A redraw after every render and camera change of the viewport (scroll, zoom, pan, rotation, flip, resize). */
function useRedrawOnRender(viewportId: string, ready: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const element = ready ? stackViewport(viewportId)?.element : undefined;
    if (!element) return;
    let frame = 0;
    const bump = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setTick((t) => t + 1));
    };
    const events = [Enums.Events.IMAGE_RENDERED, Enums.Events.CAMERA_MODIFIED];
    for (const e of events) element.addEventListener(e, bump);
    bump();
    return () => {
      cancelAnimationFrame(frame);
      for (const e of events) element.removeEventListener(e, bump);
    };
  }, [viewportId, ready]);
}

/**
 * On the image of viewport `viewportId` (`descriptor`), the lines where the slices shown in the other
 * viewports cut it: only slices of the same frame of reference whose plane is not parallel to it, never
 * from a scout or radiograph. Each line carries its end points in this image's pixel coordinates.
 */
export function LocalizerLinesOverlay({ viewportId, descriptor, ready }: { viewportId: string; descriptor: ImageDescriptor | undefined; ready: boolean }) {
  const enabled = useLocalizerLines((s) => s.enabled);
  const planes = useLocalizerLines((s) => s.planes);
  const own = useMemo(() => imagePlaneOf(descriptor), [descriptor]);

  const lines = useMemo(() => {
    if (!own) return [];
    return Object.entries(planes).flatMap(([sourceId, shown]) => {
      if (isOwnSource(viewportId, sourceId) || !shown || shown.projection) return [];
      const line = localizerLine(shown.plane, own);
      return line ? [{ sourceId, line }] : [];
    });
  }, [own, planes, viewportId]);
  // Only a viewport with lines on it follows its renders (cine and scrolling elsewhere cost nothing).
  useRedrawOnRender(viewportId, ready && enabled && lines.length > 0);

  const vp = ready ? stackViewport(viewportId) : undefined;
  if (!enabled || !own || !vp || lines.length === 0) return null;
  const toCanvas = (p: PixelPoint) => {
    const [x, y] = vp.worldToCanvas([...pixelToPatient(own, p)]);
    return { x: n(x), y: n(y) };
  };
  const drawn: Array<{ sourceId: string; line: LocalizerLine; a: { x: number; y: number }; b: { x: number; y: number } }> = [];
  try {
    for (const { sourceId, line } of lines) drawn.push({ sourceId, line, a: toCanvas(line.from), b: toCanvas(line.to) });
  } catch {
    // Between images the viewport has no camera; the next render draws.
    return null;
  }
  return (
    <svg
      className="localizer-lines"
      data-testid="localizer-lines"
      role="img"
      aria-label={`Localizer lines: ${drawn.map((d) => d.sourceId.replaceAll('-', ' ')).join(', ')}`}
    >
      {drawn.map(({ sourceId, line, a, b }) => (
        <line
          key={sourceId}
          className="localizer-line"
          data-testid="localizer-line"
          data-source-viewport={sourceId}
          data-from={pixel(line.from)}
          data-to={pixel(line.to)}
          x1={a.x}
          y1={a.y}
          x2={b.x}
          y2={b.y}
        />
      ))}
    </svg>
  );
}
