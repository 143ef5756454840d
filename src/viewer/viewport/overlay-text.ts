import { formatDicomDate, formatPersonName } from '../../dicomweb/dicom-json.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';

/** The four-corner text of one image; every value is plain text (DICOM strings are never HTML). */
export interface OverlayText {
  patientName: string;
  patientId: string;
  /** "1961-05-02 · F" (birth date and sex, whichever are present). */
  birthDateSex: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
  /** "Se 2: Chest 1.25 mm". */
  series: string;
  /** "Loc −12.50 mm". */
  sliceLocation: string;
  /** "Thk 1.25 mm". */
  sliceThickness: string;
  /** How distances are measured: "", "Imager Pixel Spacing (at the detector)", "No pixel spacing: lengths in px". */
  calibration: string;
}

export const EMPTY_OVERLAY_TEXT: OverlayText = {
  patientName: '',
  patientId: '',
  birthDateSex: '',
  studyDate: '',
  studyDescription: '',
  seriesDescription: '',
  series: '',
  sliceLocation: '',
  sliceThickness: '',
  calibration: '',
};

/** Millimetres with up to two decimals and a real minus sign. */
export function formatMm(label: string, mm: number | undefined): string {
  if (mm === undefined) return '';
  const s = (Math.round(mm * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${label} ${s.replace('-', '−')} mm`;
}

export function overlayTextFrom(d: ImageDescriptor | undefined): OverlayText {
  if (!d) return EMPTY_OVERLAY_TEXT;
  const { seriesNumber, spacing } = d;
  const seriesDescription = d.seriesDescription ?? '';
  return {
    patientName: formatPersonName(d.patientName),
    patientId: d.patientId ?? '',
    birthDateSex: [formatDicomDate(d.patientBirthDate), d.patientSex].filter(Boolean).join(' · '),
    studyDate: formatDicomDate(d.studyDate),
    studyDescription: d.studyDescription ?? '',
    seriesDescription,
    series: seriesNumber !== undefined ? `Se ${seriesNumber}${seriesDescription ? `: ${seriesDescription}` : ''}` : seriesDescription,
    sliceLocation: formatMm('Loc', d.sliceLocation),
    sliceThickness: formatMm('Thk', d.sliceThickness),
    calibration: spacing.kind === 'imager' ? 'Imager Pixel Spacing (at the detector)' : spacing.kind === 'none' ? 'No pixel spacing: lengths in px' : '',
  };
}

/** The window readout `W: <width> L: <center>` (rounded to integers, as PACS show it). */
export function formatWindow(width: number | undefined, center: number | undefined): string {
  const r = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : String(Math.round(n)));
  return `W: ${r(width)} L: ${r(center)}`;
}

export function formatZoom(zoom: number | undefined): string {
  return zoom === undefined || !Number.isFinite(zoom) ? '' : `Zoom ${zoom.toFixed(2)}×`;
}

export function formatImageIndex(index: number, total: number): string {
  return `Image ${total ? index + 1 : 0} / ${total}`;
}
