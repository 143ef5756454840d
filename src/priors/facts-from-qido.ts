import { getNumber, getNumbers, getString, getStrings, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { toSeriesSummary, type StudySummary } from '../dicomweb/study-summary.ts';
import { Tag } from '../dicomweb/tags.ts';
import { scanPlane, type SeriesFacts } from './best-series.ts';
import type { StudyFacts } from './rank-priors.ts';

/** Series-level attributes asked for with includefield when looking at a candidate prior. */
export const SERIES_FACT_FIELDS = [Tag.BodyPartExamined, Tag.Laterality, Tag.SliceThickness, Tag.ImageOrientationPatient];

export interface SeriesRow extends SeriesFacts {
  bodyPart: string;
  laterality: string;
}

export function seriesRowFrom(ds: DicomJsonDataset): SeriesRow {
  return {
    ...toSeriesSummary(ds),
    // Instance-level attributes: present when the archive answers them at series level.
    sliceThickness: getNumber(ds, Tag.SliceThickness),
    plane: scanPlane(getNumbers(ds, Tag.ImageOrientationPatient)),
    bodyPart: getString(ds, Tag.BodyPartExamined) ?? '',
    laterality: getStrings(ds, Tag.Laterality)[0] ?? '',
  };
}

/** A study's facts from its QIDO row and its series rows. */
export function studyFacts(study: StudySummary, series: readonly SeriesRow[]): StudyFacts {
  return {
    study,
    bodyParts: series.map((s) => s.bodyPart).filter(Boolean),
    descriptions: series.map((s) => s.description).filter(Boolean),
    seriesModalities: series.map((s) => s.modality).filter(Boolean),
    laterality: series.find((s) => s.laterality)?.laterality,
  };
}
