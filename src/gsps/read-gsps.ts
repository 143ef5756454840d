import { readPart10, type NaturalDataset } from './dcmjs.ts';
import { displayToPixel } from './display-units.ts';
import { isoFromDicom, items, number, numbers, personNameText, text } from './dicom-values.ts';
import type {
  AppliesTo,
  DisplayedArea,
  GraphicType,
  GspsContent,
  GspsGraphic,
  GspsText,
  ImageRef,
  Point,
  PresentationSizeMode,
  SpatialTransform,
  VoiLutFunction,
} from './types.ts';

const GRAPHIC_TYPES = new Set<GraphicType>(['POINT', 'POLYLINE', 'INTERPOLATED', 'CIRCLE', 'ELLIPSE']);

function appliesTo(item: Record<string, unknown>): AppliesTo {
  const refs = items(item['ReferencedImageSequence']);
  if (refs.length === 0) return {};
  return {
    images: refs.map((ref) => ({ sopInstanceUID: text(ref['ReferencedSOPInstanceUID']), frameNumbers: numbers(ref['ReferencedFrameNumber']) })),
  };
}

function pairs(values: number[]): Point[] {
  const points: Point[] = [];
  for (let i = 0; i + 1 < values.length; i += 2) points.push([values[i]!, values[i + 1]!]);
  return points;
}

function pair(values: number[]): Point | undefined {
  return values.length >= 2 ? [values[0]!, values[1]!] : undefined;
}

function readSpatial(dataset: NaturalDataset): SpatialTransform {
  const rotation = number(dataset['ImageRotation']) ?? 0;
  return {
    rotation: ([0, 90, 180, 270] as const).find((r) => r === rotation) ?? 0,
    horizontalFlip: text(dataset['ImageHorizontalFlip']).toUpperCase() === 'Y',
  };
}

function readDisplayedArea(item: Record<string, unknown>): DisplayedArea & AppliesTo {
  const tlhc = pair(numbers(item['DisplayedAreaTopLeftHandCorner'])) ?? [1, 1];
  const brhc = pair(numbers(item['DisplayedAreaBottomRightHandCorner'])) ?? tlhc;
  const mode = text(item['PresentationSizeMode']) as PresentationSizeMode;
  const spacing = numbers(item['PresentationPixelSpacing']);
  const magnification = number(item['PresentationPixelMagnificationRatio']);
  return {
    tlhc,
    brhc,
    sizeMode: mode === 'TRUE SIZE' || mode === 'MAGNIFY' ? mode : 'SCALE TO FIT',
    ...(magnification !== undefined ? { magnification } : {}),
    ...(spacing.length === 2 ? { pixelSpacing: [spacing[0]!, spacing[1]!] as const } : {}),
    ...appliesTo(item),
  };
}

function readReferencedImages(dataset: NaturalDataset): ImageRef[] {
  return items(dataset['ReferencedSeriesSequence']).flatMap((series) =>
    items(series['ReferencedImageSequence']).map((ref) => ({
      sopClassUID: text(ref['ReferencedSOPClassUID']),
      sopInstanceUID: text(ref['ReferencedSOPInstanceUID']),
      seriesInstanceUID: text(series['SeriesInstanceUID']),
      frameNumbers: numbers(ref['ReferencedFrameNumber']),
    })),
  );
}

/** The displayed area that applies to an annotation item: the one naming its first image, else a general one. */
function areaFor(target: AppliesTo, areas: Array<DisplayedArea & AppliesTo>): DisplayedArea | undefined {
  const first = target.images?.[0];
  const specific = first && areas.find((a) => a.images?.some((i) => i.sopInstanceUID === first.sopInstanceUID));
  return specific ?? areas.find((a) => !a.images) ?? areas[0];
}

/**
 * Reads a Grayscale Softcopy Presentation State from any writer. Graphics and texts come back in image
 * pixel space; DISPLAY units are converted through the displayed area and spatial transformation.
 */
export function readGsps(source: NaturalDataset | ArrayBuffer): GspsContent {
  const dataset = source instanceof ArrayBuffer ? readPart10(source).dataset : source;
  const warnings: string[] = [];
  const spatial = readSpatial(dataset);
  const displayedAreas = items(dataset['DisplayedAreaSelectionSequence']).map(readDisplayedArea);

  const voi = items(dataset['SoftcopyVOILUTSequence']).flatMap((item) => {
    const center = number(item['WindowCenter']);
    const width = number(item['WindowWidth']);
    if (center === undefined || width === undefined) {
      if (item['VOILUTSequence']) warnings.push('A VOI LUT table is not supported; the image window is used instead.');
      return [];
    }
    const explanation = text(item['WindowCenterWidthExplanation']);
    const fn = text(item['VOILUTFunction']) as VoiLutFunction;
    return [{ center, width, ...(explanation ? { explanation } : {}), ...(fn ? { function: fn } : {}), ...appliesTo(item) }];
  });

  const graphics: GspsGraphic[] = [];
  const texts: GspsText[] = [];
  for (const annotation of items(dataset['GraphicAnnotationSequence'])) {
    const layer = text(annotation['GraphicLayer']);
    const target = appliesTo(annotation);
    const area = areaFor(target, displayedAreas);
    const toPixel = (units: string, point: Point): Point | undefined => {
      if (units !== 'DISPLAY') return point;
      if (!area) return undefined;
      return displayToPixel(point, area, spatial);
    };
    for (const graphic of items(annotation['GraphicObjectSequence'])) {
      const type = text(graphic['GraphicType']) as GraphicType;
      const units = text(graphic['GraphicAnnotationUnits']) === 'DISPLAY' ? 'DISPLAY' : 'PIXEL';
      if (!GRAPHIC_TYPES.has(type)) {
        warnings.push(`Graphic type "${type}" is not supported and is not shown.`);
        continue;
      }
      const points = pairs(numbers(graphic['GraphicData'])).map((p) => toPixel(units, p));
      if (points.some((p) => p === undefined)) {
        warnings.push('A DISPLAY graphic has no displayed area to place it and is not shown.');
        continue;
      }
      graphics.push({ layer, type, points: points as Point[], filled: text(graphic['GraphicFilled']) === 'Y', sourceUnits: units, appliesTo: target });
    }
    for (const textObject of items(annotation['TextObjectSequence'])) {
      const anchorValues = pair(numbers(textObject['AnchorPoint']));
      const tlhcValues = pair(numbers(textObject['BoundingBoxTopLeftHandCorner']));
      const brhcValues = pair(numbers(textObject['BoundingBoxBottomRightHandCorner']));
      const anchorUnits = text(textObject['AnchorPointAnnotationUnits']) === 'DISPLAY' ? 'DISPLAY' : 'PIXEL';
      const boxUnits = text(textObject['BoundingBoxAnnotationUnits']) === 'DISPLAY' ? 'DISPLAY' : 'PIXEL';
      const anchorPoint = anchorValues && toPixel(anchorUnits, anchorValues);
      const tlhc = tlhcValues && toPixel(boxUnits, tlhcValues);
      const brhc = brhcValues && toPixel(boxUnits, brhcValues);
      const item: GspsText = {
        layer,
        text: text(textObject['UnformattedTextValue']),
        sourceUnits: anchorValues ? anchorUnits : boxUnits,
        appliesTo: target,
      };
      if (anchorPoint) item.anchor = { point: anchorPoint, visible: text(textObject['AnchorPointVisibility']) === 'Y' };
      if (tlhc && brhc) {
        // After rotation or flip the corners may swap; keep the box's top-left first.
        const justification = text(textObject['BoundingBoxTextHorizontalJustification']);
        item.boundingBox = {
          tlhc: [Math.min(tlhc[0], brhc[0]), Math.min(tlhc[1], brhc[1])],
          brhc: [Math.max(tlhc[0], brhc[0]), Math.max(tlhc[1], brhc[1])],
          ...(justification ? { justification } : {}),
        };
      }
      if (!item.anchor && !item.boundingBox) {
        warnings.push('A text object has neither an anchor point nor a bounding box and is not shown.');
        continue;
      }
      texts.push(item);
    }
  }

  const shape = text(dataset['PresentationLUTShape']);
  if (!shape && dataset['PresentationLUTSequence']) warnings.push('A Presentation LUT table is not supported; IDENTITY is used.');
  return {
    sopInstanceUID: text(dataset['SOPInstanceUID']),
    seriesInstanceUID: text(dataset['SeriesInstanceUID']),
    studyInstanceUID: text(dataset['StudyInstanceUID']),
    label: text(dataset['ContentLabel']),
    description: text(dataset['ContentDescription']),
    creator: personNameText(dataset['ContentCreatorName']),
    createdAt: isoFromDicom(text(dataset['PresentationCreationDate']), text(dataset['PresentationCreationTime'])),
    ...(number(dataset['InstanceNumber']) !== undefined ? { instanceNumber: number(dataset['InstanceNumber'])! } : {}),
    referencedImages: readReferencedImages(dataset),
    voi,
    displayedAreas,
    spatial,
    presentationLutShape: shape === 'IDENTITY' || shape === 'INVERSE' ? shape : undefined,
    layers: items(dataset['GraphicLayerSequence'])
      .map((layer) => ({
        name: text(layer['GraphicLayer']),
        order: number(layer['GraphicLayerOrder']) ?? 0,
        ...(text(layer['GraphicLayerDescription']) ? { description: text(layer['GraphicLayerDescription']) } : {}),
      }))
      .sort((a, b) => a.order - b.order),
    graphics,
    texts,
    warnings,
  };
}
