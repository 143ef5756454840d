import { writePart10, type NaturalDataset } from './dcmjs.ts';
import { clip, codeString, dicomDate, dicomTime, isDefaultRepertoire, personName } from './dicom-values.ts';
import { encodeAnnotation } from './graphics.ts';
import type { Annotation, DisplayedArea, PresentationInput, ReferencedImage, VoiWindow } from './types.ts';

export const GSPS_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.11.1';
export const READROOM_LAYER = 'READROOM';
/** Identifies the writer in File Meta (2.25 UID derived once from a random UUID). */
export const READROOM_IMPLEMENTATION_CLASS_UID = '2.25.93604318534064573964229722379543283073';
export const READROOM_IMPLEMENTATION_VERSION = 'READROOM_GSPS_1';

type Item = Record<string, unknown>;

const imageKey = (sopInstanceUID: string, frame: number | undefined) => `${sopInstanceUID}#${frame ?? ''}`;

/** Referenced Image Sequence items for a set of images, frames of one instance merged into one item. */
function referencedImageItems(images: readonly ReferencedImage[]): Item[] {
  const bySop = new Map<string, { image: ReferencedImage; frames: Set<number> }>();
  for (const image of images) {
    const entry = bySop.get(image.sopInstanceUID) ?? { image, frames: new Set<number>() };
    if (image.frameNumber !== undefined) entry.frames.add(image.frameNumber);
    bySop.set(image.sopInstanceUID, entry);
  }
  return [...bySop.values()].map(({ image, frames }) => ({
    ReferencedSOPClassUID: image.sopClassUID,
    ReferencedSOPInstanceUID: image.sopInstanceUID,
    ...(frames.size > 0 ? { ReferencedFrameNumber: [...frames].sort((a, b) => a - b) } : {}),
  }));
}

/** Groups images whose value (by `key`) is equal; each group becomes one item applying to its images. */
function groupBy<T>(images: readonly ReferencedImage[], value: (image: ReferencedImage) => T, key: (v: T) => string) {
  const groups = new Map<string, { value: T; images: ReferencedImage[] }>();
  for (const image of images) {
    const v = value(image);
    const k = key(v);
    const group = groups.get(k) ?? { value: v, images: [] };
    group.images.push(image);
    groups.set(k, group);
  }
  return [...groups.values()];
}

/** Referenced Image Sequence is 1C: only when an item does not apply to every referenced image. */
function appliesTo(group: readonly ReferencedImage[], all: readonly ReferencedImage[]): Item {
  return group.length === all.length ? {} : { ReferencedImageSequence: referencedImageItems(group) };
}

function displayedAreaOf(image: ReferencedImage): DisplayedArea {
  return image.displayedArea ?? { tlhc: [1, 1], brhc: [image.columns, image.rows], sizeMode: 'SCALE TO FIT' };
}

function displayedAreaItem(area: DisplayedArea): Item {
  const item: Item = {
    DisplayedAreaTopLeftHandCorner: area.tlhc.map(Math.round),
    DisplayedAreaBottomRightHandCorner: area.brhc.map(Math.round),
    PresentationSizeMode: area.sizeMode,
  };
  if (area.pixelSpacing) item['PresentationPixelSpacing'] = [...area.pixelSpacing];
  else if (area.sizeMode === 'TRUE SIZE') throw new RangeError('TRUE SIZE needs the pixel spacing of the image.');
  else item['PresentationPixelAspectRatio'] = [1, 1];
  if (area.sizeMode === 'MAGNIFY') {
    if (!(area.magnification && area.magnification > 0)) throw new RangeError('MAGNIFY needs a magnification greater than 0.');
    item['PresentationPixelMagnificationRatio'] = area.magnification;
  }
  return item;
}

function voiItem(voi: VoiWindow): Item {
  if (!(voi.width >= 1 || (voi.function === 'LINEAR_EXACT' && voi.width > 0) || (voi.function === 'SIGMOID' && voi.width > 0))) {
    throw new RangeError(`Window width ${voi.width} is not allowed (at least 1, or above 0 for LINEAR_EXACT and SIGMOID).`);
  }
  const decimal = (n: number) => Number(n.toPrecision(10));
  return {
    WindowCenter: decimal(voi.center),
    WindowWidth: decimal(voi.width),
    ...(voi.explanation ? { WindowCenterWidthExplanation: clip(voi.explanation, 64) } : {}),
    ...(voi.function ? { VOILUTFunction: voi.function } : {}),
  };
}

/** One Graphic Annotation Sequence item per annotated image (and frame). */
function graphicAnnotationItems(annotations: readonly Annotation[], images: readonly ReferencedImage[]): Item[] {
  const byImage = new Map<string, { image: ReferencedImage; graphics: Item[]; texts: Item[] }>();
  for (const annotation of annotations) {
    const image = images.find((i) => i.sopInstanceUID === annotation.referencedSopInstanceUID && i.frameNumber === annotation.frameNumber);
    if (!image) {
      throw new RangeError(
        `A ${annotation.kind} is drawn on image ${annotation.referencedSopInstanceUID}${annotation.frameNumber ? ` frame ${annotation.frameNumber}` : ''}, which is not among the referenced images.`,
      );
    }
    const key = imageKey(image.sopInstanceUID, image.frameNumber);
    const entry = byImage.get(key) ?? { image, graphics: [], texts: [] };
    byImage.set(key, entry);
    const { graphic, text } = encodeAnnotation(annotation);
    entry.graphics.push({
      GraphicAnnotationUnits: 'PIXEL',
      GraphicDimensions: 2,
      NumberOfGraphicPoints: graphic.points.length,
      GraphicData: graphic.points.flatMap(([c, r]) => [c, r]),
      GraphicType: graphic.type,
      ...(graphic.closed ? { GraphicFilled: graphic.filled ? 'Y' : 'N' } : {}),
    });
    if (text) {
      entry.texts.push({
        UnformattedTextValue: clip(text.value, 1024),
        ...(text.box
          ? {
              BoundingBoxAnnotationUnits: 'PIXEL',
              BoundingBoxTopLeftHandCorner: [text.box[0][0], text.box[0][1]],
              BoundingBoxBottomRightHandCorner: [text.box[1][0], text.box[1][1]],
              BoundingBoxTextHorizontalJustification: 'LEFT',
            }
          : {}),
        AnchorPointAnnotationUnits: 'PIXEL',
        AnchorPoint: [text.anchor[0], text.anchor[1]],
        AnchorPointVisibility: text.anchorVisible ? 'Y' : 'N',
      });
    }
  }
  return [...byImage.values()].map(({ image, graphics, texts }) => ({
    ReferencedImageSequence: referencedImageItems([image]),
    GraphicLayer: READROOM_LAYER,
    ...(texts.length > 0 ? { TextObjectSequence: texts } : {}),
    GraphicObjectSequence: graphics,
  }));
}

/** Presentation LUT Shape: the reader's inversion relative to how the images normally look. */
function presentationLutShape(input: PresentationInput): 'IDENTITY' | 'INVERSE' {
  const mono1 = new Set(input.referencedImages.map((i) => i.photometricInterpretation === 'MONOCHROME1'));
  if (mono1.size > 1) throw new RangeError('One presentation state cannot reference both MONOCHROME1 and MONOCHROME2 images.');
  // The GSPS pipeline ignores Photometric Interpretation: P-value 0 is black. A MONOCHROME1 image
  // (low values white) therefore needs INVERSE to look as usual, and IDENTITY when the reader inverted it.
  return mono1.has(true) !== input.invert ? 'INVERSE' : 'IDENTITY';
}

function modalityLut(input: PresentationInput): Item {
  const rescales = groupBy(
    input.referencedImages,
    (i) => i.rescale,
    (r) => JSON.stringify(r ?? null),
  );
  if (rescales.length > 1) throw new RangeError('The referenced images have different Rescale Slope/Intercept; save them as separate presentation states.');
  const rescale = rescales[0]?.value;
  if (!rescale) return {};
  const isCt = input.referencedImages.some((i) => i.sopClassUID.startsWith('1.2.840.10008.5.1.4.1.1.2'));
  return { RescaleIntercept: rescale.intercept, RescaleSlope: rescale.slope, RescaleType: rescale.type || (isCt ? 'HU' : 'US') };
}

function allStrings(input: PresentationInput, annotations: readonly Annotation[]): string[] {
  const source = Object.values(input.source)
    .flat()
    .filter((v): v is string => typeof v === 'string');
  const voi = input.referencedImages.map((i) => i.voi?.explanation ?? '');
  return [input.creatorName, input.description, input.seriesDescription ?? '', ...source, ...voi, ...annotations.map((a) => a.text)];
}

/** Builds the GSPS dataset (dcmjs naturalized form). Throws RangeError with a readable message on bad input. */
export function buildGsps(input: PresentationInput): NaturalDataset {
  const { referencedImages: images, annotations, source } = input;
  if (images.length === 0) throw new RangeError('A presentation state needs at least one referenced image.');
  const date = dicomDate(input.now);
  const time = dicomTime(input.now);
  const unicode = !allStrings(input, annotations).every(isDefaultRepertoire);

  const series = groupBy(
    images,
    (i) => i.seriesInstanceUID,
    (s) => s,
  );
  const voiGroups = groupBy(
    images,
    (i) => i.voi,
    (v) => JSON.stringify(v ?? null),
  ).filter((g) => g.value !== undefined);
  const areaGroups = groupBy(images, displayedAreaOf, (a) => JSON.stringify(a));
  const rotated = input.spatial.rotation !== 0 || input.spatial.horizontalFlip;

  const dataset: NaturalDataset = {
    // SOP Common; dcmjs encodes every string as UTF-8, so declare ISO_IR 192 whenever one is not ASCII.
    ...(unicode ? { SpecificCharacterSet: 'ISO_IR 192' } : {}),
    SOPClassUID: GSPS_SOP_CLASS_UID,
    SOPInstanceUID: input.uids.sopInstanceUID,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    // Patient
    PatientName: personName(source.PatientName) ?? '',
    PatientID: source.PatientID ?? '',
    ...(source.IssuerOfPatientID ? { IssuerOfPatientID: source.IssuerOfPatientID } : {}),
    PatientBirthDate: source.PatientBirthDate ?? '',
    PatientSex: source.PatientSex ?? '',
    // General Study
    StudyInstanceUID: source.StudyInstanceUID,
    StudyDate: source.StudyDate ?? '',
    StudyTime: source.StudyTime ?? '',
    ReferringPhysicianName: personName(source.ReferringPhysicianName) ?? '',
    StudyID: source.StudyID ?? '',
    AccessionNumber: source.AccessionNumber ?? '',
    ...(source.StudyDescription ? { StudyDescription: source.StudyDescription } : {}),
    // General Series + Presentation Series
    Modality: 'PR',
    SeriesInstanceUID: input.uids.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDate: date,
    SeriesTime: time,
    SeriesDescription: clip(input.seriesDescription ?? 'Readroom annotations', 64),
    ...(source.BodyPartExamined ? { BodyPartExamined: source.BodyPartExamined } : {}),
    // General Equipment
    Manufacturer: 'Readroom',
    // Presentation State Identification
    InstanceNumber: input.instanceNumber,
    ContentLabel: codeString(input.label),
    ContentDescription: clip(input.description, 64),
    PresentationCreationDate: date,
    PresentationCreationTime: time,
    ContentCreatorName: personName(clip(input.creatorName, 64)) ?? '',
    // Presentation State Relationship
    ReferencedSeriesSequence: series.map((s) => ({ SeriesInstanceUID: s.value, ReferencedImageSequence: referencedImageItems(s.images) })),
    // Displayed Area
    DisplayedAreaSelectionSequence: areaGroups.map((g) => ({ ...appliesTo(g.images, images), ...displayedAreaItem(g.value) })),
    // Modality LUT (replaces the image's rescale)
    ...modalityLut(input),
    // Softcopy VOI LUT
    ...(voiGroups.length > 0 ? { SoftcopyVOILUTSequence: voiGroups.map((g) => ({ ...appliesTo(g.images, images), ...voiItem(g.value!) })) } : {}),
    // Softcopy Presentation LUT
    PresentationLUTShape: presentationLutShape(input),
    // Spatial Transformation
    ...(rotated ? { ImageRotation: input.spatial.rotation, ImageHorizontalFlip: input.spatial.horizontalFlip ? 'Y' : 'N' } : {}),
  };
  if (annotations.length > 0) {
    dataset['GraphicAnnotationSequence'] = graphicAnnotationItems(annotations, images);
    dataset['GraphicLayerSequence'] = [
      {
        GraphicLayer: READROOM_LAYER,
        GraphicLayerOrder: 1,
        GraphicLayerRecommendedDisplayGrayscaleValue: 0xffff,
        GraphicLayerDescription: 'Readroom annotations',
      },
    ];
  }
  return dataset;
}

/** The GSPS as a DICOM Part 10 file (Explicit VR Little Endian), ready for STOW-RS. */
export function writeGspsPart10(input: PresentationInput): ArrayBuffer {
  const dataset = buildGsps(input);
  return writePart10(dataset, {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: GSPS_SOP_CLASS_UID,
    MediaStorageSOPInstanceUID: input.uids.sopInstanceUID,
    ImplementationClassUID: READROOM_IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: READROOM_IMPLEMENTATION_VERSION,
  });
}
