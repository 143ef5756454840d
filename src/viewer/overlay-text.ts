import { formatDicomDate, formatPersonName, getPersonName, getString, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';
import type { OverlayText } from './ViewportOverlay.tsx';

export function overlayTextFrom(ds: DicomJsonDataset | undefined): OverlayText {
  if (!ds) return { patientName: '', patientId: '', studyDate: '', studyDescription: '', seriesDescription: '' };
  return {
    patientName: formatPersonName(getPersonName(ds, Tag.PatientName)),
    patientId: getString(ds, Tag.PatientID) ?? '',
    studyDate: formatDicomDate(getString(ds, Tag.StudyDate)),
    studyDescription: getString(ds, Tag.StudyDescription) ?? '',
    seriesDescription: getString(ds, Tag.SeriesDescription) ?? '',
  };
}
