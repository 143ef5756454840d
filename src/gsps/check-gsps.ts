import { items, number, numbers, text } from './dicom-values.ts';
import type { NaturalDataset } from './dcmjs.ts';

/** Minimum (and exact, where fixed) point counts per Graphic Type (PS3.3 C.10.5.1.2). */
const POINT_COUNTS: Record<string, { min: number; exact?: number }> = {
  POINT: { min: 1, exact: 1 },
  POLYLINE: { min: 2 },
  INTERPOLATED: { min: 2 },
  CIRCLE: { min: 2, exact: 2 },
  ELLIPSE: { min: 4, exact: 4 },
};

/**
 * Defects DICOM validators do not report (domain.md): NumberOfGraphicPoints vs GraphicData, DISPLAY
 * values outside 0–1, layers used but not declared (DCMTK then drops the annotation silently), and
 * point counts per graphic type. Returns one readable message per problem; empty when clean.
 */
export function checkGsps(dataset: NaturalDataset): string[] {
  const problems: string[] = [];
  const declared = new Set(items(dataset['GraphicLayerSequence']).map((layer) => text(layer['GraphicLayer'])));
  const inUnitRange = (values: number[]) => values.every((v) => v >= 0 && v <= 1);

  items(dataset['GraphicAnnotationSequence']).forEach((annotation, a) => {
    const where = `Graphic Annotation ${a + 1}`;
    const layer = text(annotation['GraphicLayer']);
    if (!layer) problems.push(`${where}: no Graphic Layer.`);
    else if (!declared.has(layer)) problems.push(`${where}: layer "${layer}" is not in the Graphic Layer Sequence.`);
    if (items(annotation['ReferencedImageSequence']).length === 0) problems.push(`${where}: no Referenced Image Sequence.`);

    items(annotation['GraphicObjectSequence']).forEach((graphic, g) => {
      const here = `${where}, graphic ${g + 1}`;
      const type = text(graphic['GraphicType']);
      const units = text(graphic['GraphicAnnotationUnits']);
      const dimensions = number(graphic['GraphicDimensions']);
      const count = number(graphic['NumberOfGraphicPoints']);
      const data = numbers(graphic['GraphicData']);
      if (dimensions !== 2) problems.push(`${here}: Graphic Dimensions is ${dimensions}, not 2.`);
      if (count === undefined) problems.push(`${here}: no Number of Graphic Points.`);
      else if (data.length !== count * 2) problems.push(`${here}: Number of Graphic Points ${count} but Graphic Data has ${data.length} values.`);
      if (data.some((v) => !Number.isFinite(v))) problems.push(`${here}: Graphic Data holds a value that is not a number.`);
      const rule = POINT_COUNTS[type];
      const points = data.length / 2;
      if (!rule) problems.push(`${here}: unknown Graphic Type "${type}".`);
      else if (points < rule.min || (rule.exact !== undefined && points !== rule.exact)) {
        problems.push(`${here}: ${type} with ${points} points (needs ${rule.exact ?? `at least ${rule.min}`}).`);
      }
      if (units !== 'PIXEL' && units !== 'DISPLAY') problems.push(`${here}: Graphic Annotation Units "${units}".`);
      if (units === 'DISPLAY' && !inUnitRange(data)) problems.push(`${here}: DISPLAY values outside 0–1.`);
    });

    items(annotation['TextObjectSequence']).forEach((textObject, t) => {
      const here = `${where}, text ${t + 1}`;
      const anchor = numbers(textObject['AnchorPoint']);
      const tlhc = numbers(textObject['BoundingBoxTopLeftHandCorner']);
      const brhc = numbers(textObject['BoundingBoxBottomRightHandCorner']);
      if (anchor.length === 0 && tlhc.length === 0) problems.push(`${here}: neither an anchor point nor a bounding box.`);
      if (anchor.length > 0) {
        if (anchor.length !== 2) problems.push(`${here}: Anchor Point has ${anchor.length} values.`);
        if (text(textObject['AnchorPointAnnotationUnits']) === 'DISPLAY' && !inUnitRange(anchor)) problems.push(`${here}: DISPLAY anchor outside 0–1.`);
      }
      if (tlhc.length > 0 || brhc.length > 0) {
        if (tlhc.length !== 2 || brhc.length !== 2) problems.push(`${here}: bounding box corners need 2 values each.`);
        if (text(textObject['BoundingBoxAnnotationUnits']) === 'DISPLAY' && !inUnitRange([...tlhc, ...brhc]))
          problems.push(`${here}: DISPLAY bounding box outside 0–1.`);
      }
      if (!text(textObject['UnformattedTextValue'])) problems.push(`${here}: empty text.`);
    });
  });
  return problems;
}
