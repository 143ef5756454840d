import { describe, expect, it } from 'vitest';
import { describeImage } from '../../imaging/image-descriptor.ts';
import { formatImageIndex, formatMm, formatWindow, formatZoom, overlayTextFrom } from './overlay-text.ts';

describe('overlay text', () => {
  it('formats the header fields of the four corners', () => {
    const ds = {
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jürgen' }] },
      '00100020': { vr: 'LO', Value: ['P-123'] },
      '00100030': { vr: 'DA', Value: ['19610502'] },
      '00100040': { vr: 'CS', Value: ['M'] },
      '00080020': { vr: 'DA', Value: ['20240314'] },
      '00081030': { vr: 'LO', Value: ['CT chest'] },
      '0008103E': { vr: 'LO', Value: ['Chest 1.25 mm'] },
      '00200011': { vr: 'IS', Value: [2] },
      '00201041': { vr: 'DS', Value: [-12.5] },
      '00180050': { vr: 'DS', Value: ['1.25'] },
      '00280030': { vr: 'DS', Value: [0.7, 0.7] },
    };
    expect(overlayTextFrom(describeImage(ds))).toEqual({
      patientName: 'Müller, Jürgen',
      patientId: 'P-123',
      birthDateSex: '1961-05-02 · M',
      studyDate: '2024-03-14',
      studyDescription: 'CT chest',
      seriesDescription: 'Chest 1.25 mm',
      series: 'Se 2: Chest 1.25 mm',
      sliceLocation: 'Loc −12.5 mm',
      sliceThickness: 'Thk 1.25 mm',
      calibration: '',
    });
  });
  it('says how lengths are measured without Pixel Spacing', () => {
    expect(overlayTextFrom(describeImage({ '00181164': { vr: 'DS', Value: [0.17, 0.17] } })).calibration).toMatch(/Imager Pixel Spacing/);
    expect(overlayTextFrom(describeImage({})).calibration).toMatch(/px/);
    expect(overlayTextFrom(undefined).patientName).toBe('');
  });
  it('formats window, zoom, image index and millimetres', () => {
    expect(formatWindow(400, 40)).toBe('W: 400 L: 40');
    expect(formatWindow(1500.4, -600.2)).toBe('W: 1500 L: -600');
    expect(formatWindow(undefined, undefined)).toBe('W: – L: –');
    expect(formatZoom(1.234)).toBe('Zoom 1.23×');
    expect(formatImageIndex(0, 220)).toBe('Image 1 / 220');
    expect(formatImageIndex(0, 0)).toBe('Image 0 / 0');
    expect(formatMm('Loc', 3)).toBe('Loc 3 mm');
    expect(formatMm('Loc', 0.1)).toBe('Loc 0.1 mm');
  });
});
