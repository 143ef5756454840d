import { describe, expect, it } from 'vitest';
import { measurementLine, withMeasurements } from './measurement-text.ts';

describe('measurements as report text', () => {
  it('gives the kind, the value with its units and the image', () => {
    expect(measurementLine({ toolName: 'Length', text: '42.3 mm', seriesNumber: 2, seriesDescription: 'Axial 1.25', instanceNumber: 15 })).toBe(
      'Length 42.3 mm (series 2 Axial 1.25, image 15)',
    );
    expect(measurementLine({ toolName: 'EllipticalROI', text: 'Area: 314 mm²,\nMean: 41 HU', seriesNumber: 3, instanceNumber: 7 })).toBe(
      'Ellipse Area: 314 mm², Mean: 41 HU (series 3, image 7)',
    );
    expect(measurementLine({ toolName: 'Angle', text: '32.5°', instanceNumber: 1, frameNumber: 4, numberOfFrames: 30 })).toBe('Angle 32.5° (image 1, frame 4)');
    expect(measurementLine({ toolName: 'ArrowAnnotate', text: 'nodule' })).toBe('Arrow: nodule');
  });

  it('adds them at the end of the findings, under a heading', () => {
    const lines = [{ toolName: 'Length', text: '10.0 mm', seriesNumber: 2, instanceNumber: 5 }];
    expect(withMeasurements('Clear lungs.\n', lines)).toBe('Clear lungs.\n\nMeasurements:\n- Length 10.0 mm (series 2, image 5)\n');
    expect(withMeasurements('', lines)).toBe('Measurements:\n- Length 10.0 mm (series 2, image 5)\n');
    expect(withMeasurements('Text', [])).toBe('Text');
  });
});
