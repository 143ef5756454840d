import { getNumber, getPersonName, getString, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';
import { headerWindows } from '../imaging/window-presets.ts';
import type { Annotation, DisplayedArea, PresentationInput, ReferencedImage, SourceImageAttributes, SpatialTransform, VoiWindow } from './types.ts';

/** How a viewport showed its image when the reader saved. */
export interface ImageView {
  voi?: VoiWindow;
  spatial: SpatialTransform;
  invert: boolean;
  displayedArea?: DisplayedArea;
}

/** An image (frame) the presentation state may reference. */
export interface CapturedImage {
  /** The instance's DICOM JSON (WADO-RS metadata). */
  dataset: DicomJsonDataset;
  /** 1-based frame. */
  frameNumber: number;
  /** Present for an image on screen. */
  view?: ImageView;
}

/** Annotations as the viewer captured them: every one names its frame (1 for single-frame images). */
export type CapturedAnnotation = Annotation & { frameNumber: number };

export interface PlanInput {
  images: readonly CapturedImage[];
  annotations: readonly CapturedAnnotation[];
  creatorName: string;
  now: Date;
  newUid: () => string;
  /** The Series Number the new presentation series of a study gets. */
  seriesNumber: (studyInstanceUID: string) => number;
}

/** One new PR series: a save writes one per study that has annotations. */
export interface PlannedSeries {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  seriesNumber: number;
  presentations: PresentationInput[];
}

export interface PresentationPlan {
  series: PlannedSeries[];
  /** Annotations that cannot go into a grayscale presentation state, with the reason in words. */
  skipped: Array<{ count: number; reason: string }>;
}

const MONOCHROME = new Set(['MONOCHROME1', 'MONOCHROME2']);
const IDENTITY: ImageView = { spatial: { rotation: 0, horizontalFlip: false }, invert: false };

const keyOf = (sopInstanceUID: string, frame: number) => `${sopInstanceUID}#${frame}`;
const sopOf = (image: CapturedImage) => getString(image.dataset, Tag.SOPInstanceUID) ?? '';
const isMultiFrame = (image: CapturedImage) => (getNumber(image.dataset, Tag.NumberOfFrames) ?? 1) > 1;

function sourceAttributes(ds: DicomJsonDataset): SourceImageAttributes {
  const optional = (key: keyof SourceImageAttributes, value: string | undefined) => (value ? { [key]: value } : {});
  return {
    StudyInstanceUID: getString(ds, Tag.StudyInstanceUID) ?? '',
    ...optional('PatientName', getPersonName(ds, Tag.PatientName)),
    ...optional('PatientID', getString(ds, Tag.PatientID)),
    ...optional('IssuerOfPatientID', getString(ds, Tag.IssuerOfPatientID)),
    ...optional('PatientBirthDate', getString(ds, Tag.PatientBirthDate)),
    ...optional('PatientSex', getString(ds, Tag.PatientSex)),
    ...optional('StudyDate', getString(ds, Tag.StudyDate)),
    ...optional('StudyTime', getString(ds, Tag.StudyTime)),
    ...optional('ReferringPhysicianName', getPersonName(ds, Tag.ReferringPhysicianName)),
    ...optional('StudyID', getString(ds, Tag.StudyID)),
    ...optional('AccessionNumber', getString(ds, Tag.AccessionNumber)),
    ...optional('StudyDescription', getString(ds, Tag.StudyDescription)),
    ...optional('BodyPartExamined', getString(ds, Tag.BodyPartExamined)),
  };
}

function rescaleOf(ds: DicomJsonDataset): ReferencedImage['rescale'] {
  const slope = getNumber(ds, Tag.RescaleSlope);
  const intercept = getNumber(ds, Tag.RescaleIntercept);
  if (slope === undefined && intercept === undefined) return undefined;
  const type = getString(ds, Tag.RescaleType);
  return { slope: slope ?? 1, intercept: intercept ?? 0, ...(type ? { type } : {}) };
}

/** The image's own first window, for annotated images that no viewport shows (a presentation state without one shows identity). */
function headerVoi(ds: DicomJsonDataset): VoiWindow | undefined {
  const first = headerWindows(ds)[0];
  if (!first) return undefined;
  const fn = getString(ds, Tag.VOILUTFunction)?.trim().toUpperCase();
  const valid = fn === 'LINEAR' || fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? fn : undefined;
  return { center: first.center, width: first.width, ...(valid ? { function: valid } : {}) };
}

function referencedImage(image: CapturedImage, view: ImageView | undefined): ReferencedImage {
  const ds = image.dataset;
  const rescale = rescaleOf(ds);
  const voi = view?.voi ?? headerVoi(ds);
  const photometric = getString(ds, Tag.PhotometricInterpretation);
  return {
    sopClassUID: getString(ds, Tag.SOPClassUID) ?? '',
    sopInstanceUID: sopOf(image),
    seriesInstanceUID: getString(ds, Tag.SeriesInstanceUID) ?? '',
    ...(isMultiFrame(image) ? { frameNumber: image.frameNumber } : {}),
    rows: getNumber(ds, Tag.Rows) ?? 0,
    columns: getNumber(ds, Tag.Columns) ?? 0,
    ...(photometric ? { photometricInterpretation: photometric } : {}),
    ...(rescale ? { rescale } : {}),
    ...(voi ? { voi } : {}),
    ...(view?.displayedArea ? { displayedArea: view.displayedArea } : {}),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Turns what the viewer shows into presentation states: one new PR series per study with annotations,
 * and in it one presentation state per group of images that can share one (same series, same Rescale
 * Slope/Intercept, same photometric interpretation — a GSPS has one Modality LUT and one spatial
 * transformation). A series' window, zoom, pan, rotation and inversion are its viewport's.
 */
export function planPresentations(input: PlanInput): PresentationPlan {
  const byKey = new Map<string, CapturedImage>();
  for (const image of input.images) {
    const key = keyOf(sopOf(image), image.frameNumber);
    const known = byKey.get(key);
    if (!known || (!known.view && image.view)) byKey.set(key, image);
  }

  const skipped = new Map<string, number>();
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  interface Group {
    study: string;
    images: Map<string, CapturedImage>;
    annotations: CapturedAnnotation[];
  }
  const groups = new Map<string, Group>();
  const groupKey = (image: CapturedImage) => {
    const ds = image.dataset;
    return [
      getString(ds, Tag.StudyInstanceUID),
      getString(ds, Tag.SeriesInstanceUID),
      JSON.stringify(rescaleOf(ds) ?? null),
      getString(ds, Tag.PhotometricInterpretation),
    ].join('|');
  };

  for (const annotation of input.annotations) {
    const image = byKey.get(keyOf(annotation.referencedSopInstanceUID, annotation.frameNumber));
    if (!image) {
      skip('their image is no longer loaded');
      continue;
    }
    if (!MONOCHROME.has(getString(image.dataset, Tag.PhotometricInterpretation) ?? '')) {
      skip('they are on colour images, which a grayscale presentation state cannot carry');
      continue;
    }
    const key = groupKey(image);
    const group: Group = groups.get(key) ?? { study: getString(image.dataset, Tag.StudyInstanceUID) ?? '', images: new Map(), annotations: [] };
    group.images.set(keyOf(annotation.referencedSopInstanceUID, annotation.frameNumber), image);
    group.annotations.push(annotation);
    groups.set(key, group);
  }
  // Images on screen join the presentation state of their annotated series.
  for (const [key, image] of byKey) {
    if (image.view) groups.get(groupKey(image))?.images.set(key, image);
  }

  const series = new Map<string, PlannedSeries>();
  for (const group of groups.values()) {
    const planned =
      series.get(group.study) ??
      ({
        studyInstanceUID: group.study,
        seriesInstanceUID: input.newUid(),
        seriesNumber: input.seriesNumber(group.study),
        presentations: [],
      } satisfies PlannedSeries);
    series.set(group.study, planned);
    const images = [...group.images.values()];
    const view = images.find((i) => i.view)?.view;
    const first = images[0]!;
    const seriesNumber = getString(first.dataset, Tag.SeriesNumber);
    const seriesDescription = getString(first.dataset, Tag.SeriesDescription);
    const onSeries = `series ${seriesNumber ?? '?'}${seriesDescription ? ` ${seriesDescription}` : ''}`;
    planned.presentations.push({
      creatorName: input.creatorName,
      label: 'ANNOTATIONS',
      description: `${plural(group.annotations.length, 'annotation')} on ${onSeries}`,
      now: input.now,
      uids: { seriesInstanceUID: planned.seriesInstanceUID, sopInstanceUID: input.newUid() },
      instanceNumber: planned.presentations.length + 1,
      seriesNumber: planned.seriesNumber,
      seriesDescription: 'Readroom annotations',
      referencedImages: images.map((image) => referencedImage(image, view)),
      spatial: (view ?? IDENTITY).spatial,
      invert: (view ?? IDENTITY).invert,
      annotations: group.annotations.map(({ frameNumber, ...annotation }) => ({
        ...annotation,
        ...(isMultiFrame(group.images.get(keyOf(annotation.referencedSopInstanceUID, frameNumber))!) ? { frameNumber } : {}),
      })) as Annotation[],
      source: sourceAttributes(first.dataset),
    });
  }
  return { series: [...series.values()], skipped: [...skipped].map(([reason, count]) => ({ count, reason })) };
}
