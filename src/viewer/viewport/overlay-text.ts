import { formatDicomDate, formatPersonName, getNumber, getNumbers, getPersonName, getString, type DicomJsonDataset } from '../../dicomweb/dicom-json.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { spacingOf } from '../../imaging/pixel-spacing.ts';

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

export function overlayTextFrom(ds: DicomJsonDataset | undefined): OverlayText {
  if (!ds) return EMPTY_OVERLAY_TEXT;
  const sex = getString(ds, Tag.PatientSex)?.trim() ?? '';
  const seriesNumber = getNumber(ds, Tag.SeriesNumber);
  const seriesDescription = getString(ds, Tag.SeriesDescription) ?? '';
  const spacing = spacingOf({ pixelSpacing: getNumbers(ds, Tag.PixelSpacing), imagerPixelSpacing: getNumbers(ds, Tag.ImagerPixelSpacing) });
  return {
    patientName: formatPersonName(getPersonName(ds, Tag.PatientName)),
    patientId: getString(ds, Tag.PatientID) ?? '',
    birthDateSex: [formatDicomDate(getString(ds, Tag.PatientBirthDate)), sex].filter(Boolean).join(' · '),
    studyDate: formatDicomDate(getString(ds, Tag.StudyDate)),
    studyDescription: getString(ds, Tag.StudyDescription) ?? '',
    seriesDescription,
    series: seriesNumber !== undefined ? `Se ${seriesNumber}${seriesDescription ? `: ${seriesDescription}` : ''}` : seriesDescription,
    sliceLocation: formatMm('Loc', getNumber(ds, Tag.SliceLocation)),
    sliceThickness: formatMm('Thk', getNumber(ds, Tag.SliceThickness)),
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
