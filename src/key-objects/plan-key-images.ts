import { getPersonName, getString, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';
import { GSPS_SOP_CLASS_UID } from '../gsps/build-gsps.ts';
import type { PlannedSeries } from '../gsps/plan-presentations.ts';
import type { KeyObjectDocument, KosImage } from './build-kos.ts';

/** A key image the reader marked, with its instance's DICOM JSON (WADO-RS metadata) when the viewer has it. */
export interface MarkedImage {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** 1-based. */
  frameNumber: number;
  dataset: DicomJsonDataset | undefined;
}

export interface KeyImagesInput {
  marks: readonly MarkedImage[];
  /** The presentation series this same save writes: a key image they reference is shown with that state. */
  presentations: readonly PlannedSeries[];
  now: Date;
  newUid: () => string;
  /** The Series Number of the study's new KO series. */
  seriesNumber: (studyInstanceUID: string) => number;
}

export interface PlannedKeyImages {
  document: KeyObjectDocument;
  seriesNumber: number;
  /** How many of its images name a presentation state. */
  withPresentationState: number;
}

/** The presentation state of this save that references the image (frame numbers only name frames of multi-frame images). */
function presentationStateOf(mark: MarkedImage, presentations: readonly PlannedSeries[]): KosImage['presentationState'] {
  for (const series of presentations) {
    if (series.studyInstanceUID !== mark.studyInstanceUID) continue;
    for (const p of series.presentations) {
      const refers = p.referencedImages.some(
        (r) => r.sopInstanceUID === mark.sopInstanceUID && (r.frameNumber === undefined || r.frameNumber === mark.frameNumber),
      );
      if (refers) return { seriesInstanceUid: series.seriesInstanceUID, sopClassUid: GSPS_SOP_CLASS_UID, sopInstanceUid: p.uids.sopInstanceUID };
    }
  }
  return undefined;
}

/**
 * The reader's key images as one Key Object Selection "Of Interest" per study, in a new series, each image
 * with the presentation state this save wrote for it. Marks whose instance metadata is missing are left out
 * (and counted): the document must name each image's SOP class.
 */
export function planKeyImages(input: KeyImagesInput): { documents: PlannedKeyImages[]; missing: number } {
  const byStudy = new Map<string, MarkedImage[]>();
  let missing = 0;
  for (const mark of input.marks) {
    if (!mark.dataset || !getString(mark.dataset, Tag.SOPClassUID)) {
      missing++;
      continue;
    }
    byStudy.set(mark.studyInstanceUID, [...(byStudy.get(mark.studyInstanceUID) ?? []), mark]);
  }
  const documents = [...byStudy].map(([study, marks]): PlannedKeyImages => {
    const ds = marks[0]!.dataset!;
    const text = (tag: string) => getString(ds, tag) ?? '';
    const images: KosImage[] = marks.map((mark) => {
      const state = presentationStateOf(mark, input.presentations);
      return {
        seriesInstanceUid: mark.seriesInstanceUID,
        sopClassUid: getString(mark.dataset!, Tag.SOPClassUID)!,
        sopInstanceUid: mark.sopInstanceUID,
        frameNumber: mark.frameNumber,
        ...(state ? { presentationState: state } : {}),
      };
    });
    const seriesNumber = input.seriesNumber(study);
    return {
      seriesNumber,
      withPresentationState: images.filter((i) => i.presentationState).length,
      document: {
        seriesInstanceUid: input.newUid(),
        sopInstanceUid: input.newUid(),
        studyInstanceUid: study,
        accessionNumber: text(Tag.AccessionNumber),
        patient: {
          id: text(Tag.PatientID),
          issuer: text(Tag.IssuerOfPatientID),
          name: getPersonName(ds, Tag.PatientName) ?? '',
          birthDate: text(Tag.PatientBirthDate),
          sex: text(Tag.PatientSex),
        },
        study: {
          date: text(Tag.StudyDate),
          time: text(Tag.StudyTime),
          description: text(Tag.StudyDescription),
          referringPhysician: getPersonName(ds, Tag.ReferringPhysicianName) ?? '',
        },
        title: 'of-interest',
        createdAt: input.now.toISOString(),
        images,
      },
    };
  });
  return { documents, missing };
}
