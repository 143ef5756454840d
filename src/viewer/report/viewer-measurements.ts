import { getNumber } from '../../dicomweb/dicom-json.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import type { MeasurementForReport } from '../../reports/measurement-text.ts';
import type { ImageReference } from '../../reports/report-contract.ts';
import { annotationText, readerAnnotations, studyOfAnnotation } from '../annotations/presentation-annotations.ts';
import { imageDataset, imageDescriptor } from '../loading/image-metadata.ts';

/** The reader's measurements on the images of one study, as the report needs them (text and the images they are on). */
export function studyMeasurements(studyInstanceUID: string): { measurements: MeasurementForReport[]; references: ImageReference[] } {
  const measurements: MeasurementForReport[] = [];
  const references = new Map<string, ImageReference>();
  for (const a of readerAnnotations()) {
    if (studyOfAnnotation(a) !== studyInstanceUID) continue;
    const imageId = a.metadata!.referencedImageId!;
    const ref = parseWadorsImageId(imageId);
    const descriptor = imageDescriptor(imageId);
    const dataset = imageDataset(imageId);
    measurements.push({
      toolName: a.metadata!.toolName,
      text: annotationText(a),
      seriesNumber: descriptor?.seriesNumber,
      seriesDescription: descriptor?.seriesDescription,
      instanceNumber: dataset ? getNumber(dataset, Tag.InstanceNumber) : undefined,
      frameNumber: descriptor?.frameNumber,
      numberOfFrames: descriptor?.numberOfFrames,
    });
    if (ref) {
      const multiFrame = (descriptor?.numberOfFrames ?? 1) > 1;
      references.set(`${ref.sopInstanceUID}/${ref.frameNumber}`, {
        seriesInstanceUid: decodeURIComponent(ref.seriesInstanceUID),
        sopClassUid: descriptor?.sopClassUID ?? '',
        sopInstanceUid: decodeURIComponent(ref.sopInstanceUID),
        ...(multiFrame ? { frameNumber: ref.frameNumber } : {}),
      });
    }
  }
  return { measurements, references: [...references.values()] };
}
