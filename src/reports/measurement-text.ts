/**
 * The viewer's measurements as report text: one line each, with its value and units as the viewer shows
 * them and the image it is on ("Length 42.3 mm (series 2 Axial 1.25, image 15)").
 */

export interface MeasurementForReport {
  toolName: string;
  /** The text the viewer shows beside it ("42.3 mm", "Area: 314 mm², Mean: 41 HU, …", an arrow's label). */
  text: string;
  seriesNumber?: number | undefined;
  seriesDescription?: string | undefined;
  instanceNumber?: number | undefined;
  /** 1-based; only mentioned for multi-frame images. */
  frameNumber?: number | undefined;
  numberOfFrames?: number | undefined;
}

const KIND: Record<string, string> = {
  Length: 'Length',
  Angle: 'Angle',
  RectangleROI: 'Rectangle',
  EllipticalROI: 'Ellipse',
  Probe: 'Point',
  ArrowAnnotate: 'Arrow',
};

function imageOf(m: MeasurementForReport): string {
  const series =
    m.seriesNumber !== undefined || m.seriesDescription
      ? ['series', m.seriesNumber, m.seriesDescription?.trim()].filter((p) => p !== undefined && p !== '').join(' ')
      : '';
  const image = m.instanceNumber !== undefined ? `image ${m.instanceNumber}` : '';
  const frame = m.numberOfFrames !== undefined && m.numberOfFrames > 1 && m.frameNumber !== undefined ? `frame ${m.frameNumber}` : '';
  return [series, image, frame].filter(Boolean).join(', ');
}

export function measurementLine(m: MeasurementForReport): string {
  const kind = KIND[m.toolName] ?? m.toolName;
  const value = m.text.replace(/\s+/g, ' ').trim();
  const where = imageOf(m);
  const what = m.toolName === 'ArrowAnnotate' ? `${kind}: ${value || '(no label)'}` : `${kind} ${value || '(not measured)'}`;
  return where ? `${what} (${where})` : what;
}

/** `findings` with the measurements added as lines of their own at its end. */
export function withMeasurements(findings: string, measurements: readonly MeasurementForReport[]): string {
  if (measurements.length === 0) return findings;
  const lines = measurements.map((m) => `- ${measurementLine(m)}`).join('\n');
  const trimmed = findings.replace(/\s+$/, '');
  return trimmed ? `${trimmed}\n\nMeasurements:\n${lines}\n` : `Measurements:\n${lines}\n`;
}
