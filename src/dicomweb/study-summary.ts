import { getNumber, getPersonName, getString, getStrings, type DicomJsonDataset } from './dicom-json.ts';
import { Tag } from './tags.ts';

/** One worklist row, as plain data. */
export interface StudySummary {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  issuerOfPatientId: string;
  patientBirthDate: string;
  patientSex: string;
  studyDate: string;
  studyTime: string;
  accessionNumber: string;
  modalities: string[];
  description: string;
  referringPhysician: string;
  numberOfSeries: number | undefined;
  numberOfInstances: number | undefined;
}

export function toStudySummary(ds: DicomJsonDataset): StudySummary {
  return {
    studyInstanceUID: getString(ds, Tag.StudyInstanceUID) ?? '',
    patientName: getPersonName(ds, Tag.PatientName) ?? '',
    patientId: getString(ds, Tag.PatientID) ?? '',
    issuerOfPatientId: getString(ds, Tag.IssuerOfPatientID) ?? '',
    patientBirthDate: getString(ds, Tag.PatientBirthDate) ?? '',
    patientSex: getString(ds, Tag.PatientSex) ?? '',
    studyDate: getString(ds, Tag.StudyDate) ?? '',
    studyTime: getString(ds, Tag.StudyTime) ?? '',
    accessionNumber: getString(ds, Tag.AccessionNumber) ?? '',
    modalities: getStrings(ds, Tag.ModalitiesInStudy),
    description: getString(ds, Tag.StudyDescription) ?? '',
    referringPhysician: getPersonName(ds, Tag.ReferringPhysicianName) ?? '',
    numberOfSeries: getNumber(ds, Tag.NumberOfStudyRelatedSeries),
    numberOfInstances: getNumber(ds, Tag.NumberOfStudyRelatedInstances),
  };
}

export interface SeriesSummary {
  seriesInstanceUID: string;
  modality: string;
  description: string;
  seriesNumber: number | undefined;
  numberOfInstances: number | undefined;
}

export function toSeriesSummary(ds: DicomJsonDataset): SeriesSummary {
  return {
    seriesInstanceUID: getString(ds, Tag.SeriesInstanceUID) ?? '',
    modality: getString(ds, Tag.Modality) ?? '',
    description: getString(ds, Tag.SeriesDescription) ?? '',
    seriesNumber: getNumber(ds, Tag.SeriesNumber),
    numberOfInstances: getNumber(ds, Tag.NumberOfSeriesRelatedInstances),
  };
}
