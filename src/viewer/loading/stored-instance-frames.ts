import { Enums, metaData, utilities, type Types } from '@cornerstonejs/core';
import { createImage } from '@cornerstonejs/dicom-image-loader';
import { DicomwebError } from '../../dicomweb/errors.ts';
import { imageDescriptor } from './image-metadata.ts';
import { loadingSession } from './loading-session.ts';
import { retrieveStoredInstance } from '../../dicomweb/wado.ts';
import { colourDisplaySamples, colourStoredSamples, highBitColourProblem, isHighBitColour } from '../../imaging/high-bit-colour.ts';
import {
  NATIVE_FROM_INSTANCE,
  nativeFrame,
  readStoredInstance,
  StoredInstanceError,
  type StoredInstance,
  type StoredPixelFormat,
} from '../../imaging/stored-instance.ts';
import { EXPLICIT_VR_LITTLE_ENDIAN, FrameDecodeError, UnsupportedPixelDataError, type PixelLayout } from '../../imaging/transfer-syntax-policy.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { frameDataArrived } from './frame-arrival.ts';

/**
 * Frames read from the stored Part 10 instance (WADO-RS instance retrieval, `transfer-syntax=*`) and
 * made native here (src/imaging/stored-instance.ts), for pixel data the archive's transcoding and the
 * image loader get wrong (the policy's `needsClientDecoding`). Greyscale frames then go through the
 * image loader's `createImage` as Explicit VR Little Endian, like any other; colour with more than
 * 8 bits per sample becomes an 8-bit RGB image scaled by Bits Stored, whose stored samples stay with it
 * for the pixel readout (`storedColourSamples`).
 */

/** Instances kept while their frames load (a multi-frame instance is fetched once, not per frame). */
const RECENT_INSTANCES = 4;
function storedInstance(instanceUrl: string): Promise<StoredInstance> {
  const recent = loadingSession().recentInstances;
  const known = recent.get(instanceUrl);
  if (known) {
    recent.delete(instanceUrl);
    recent.set(instanceUrl, known);
    return known;
  }
  const loading = retrieveStoredInstance(instanceUrl).then(readStoredInstance);
  recent.set(instanceUrl, loading);
  loading.catch(() => {
    // A failure is not kept: the next load asks again.
    if (recent.get(instanceUrl) === loading) recent.delete(instanceUrl);
  });
  while (recent.size > RECENT_INSTANCES) recent.delete(recent.keys().next().value!);
  return loading;
}

const storedSamples = new WeakMap<Types.IImage, Uint16Array | Uint32Array>();

/** The stored samples (R G B R G B …) of a high-bit colour image made here; undefined for any other image. */
export function storedColourSamples(image: Types.IImage): Uint16Array | Uint32Array | undefined {
  return storedSamples.get(image);
}

/** What the transfer-syntax policy needs to know of an image before retrieving it (from its metadata). */
export function pixelLayoutOf(imageId: string): PixelLayout {
  const d = imageDescriptor(imageId);
  return { samplesPerPixel: d?.samplesPerPixel, bitsAllocated: d?.bitsAllocated };
}

/** Refuses an instance whose pixel attributes differ from the metadata the viewer was given for it. */
function checkAgainstMetadata(imageId: string, format: StoredPixelFormat, transferSyntaxUID: string): void {
  const d = imageDescriptor(imageId);
  const expected: [number | undefined, string, number][] = [
    [d?.rows, 'Rows', format.rows],
    [d?.columns, 'Columns', format.columns],
    [d?.samplesPerPixel, 'Samples per Pixel', format.samplesPerPixel],
    [d?.bitsAllocated, 'Bits Allocated', format.bitsAllocated],
  ];
  for (const [listed, name, value] of expected) {
    if (listed !== undefined && listed !== value) {
      throw new UnsupportedPixelDataError(transferSyntaxUID, `the stored instance has ${name} ${value}, its metadata ${listed}`);
    }
  }
}

function highBitColourImage(imageId: string, instance: StoredInstance, native: Uint8Array): Types.IImage {
  const { format } = instance;
  const problem = highBitColourProblem(format);
  if (problem) throw new UnsupportedPixelDataError(instance.transferSyntaxUID, problem);
  const stored = colourStoredSamples(native, format);
  const display = colourDisplaySamples(stored, format.bitsStored);
  const { rows, columns } = format;
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ scalarData: display, width: columns, height: rows, numberOfComponents: 3 });
  const plane = metaData.get('imagePlaneModule', imageId) as { columnPixelSpacing?: number; rowPixelSpacing?: number } | undefined;
  let min = 255;
  let max = 0;
  for (const v of display) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const image = {
    imageId,
    minPixelValue: min,
    maxPixelValue: max,
    slope: 1,
    intercept: 0,
    // The display values are 0–255: Cornerstone's identity window for colour.
    windowCenter: 128,
    windowWidth: 256,
    voiLUTFunction: Enums.VOILUTFunctionType.LINEAR,
    getPixelData: () => voxelManager.getScalarData(),
    voxelManager,
    rows,
    columns,
    height: rows,
    width: columns,
    color: true,
    rgba: false,
    numberOfComponents: 3,
    columnPixelSpacing: plane?.columnPixelSpacing ?? 1,
    rowPixelSpacing: plane?.rowPixelSpacing ?? 1,
    invert: false,
    photometricInterpretation: 'RGB',
    dataType: 'Uint8Array',
    sizeInBytes: display.byteLength + stored.byteLength,
    calibration: metaData.get('calibrationModule', imageId) ?? {},
  } as unknown as Types.IImage;
  storedSamples.set(image, stored);
  return image;
}

/** What a failure of this path tells the reader (archive errors keep their own message). */
function namedFailure(err: unknown, transferSyntaxUID: string | undefined): unknown {
  if (err instanceof DicomwebError || err instanceof UnsupportedPixelDataError) return err;
  if (err instanceof StoredInstanceError && err.transferSyntaxUID && !NATIVE_FROM_INSTANCE.has(err.transferSyntaxUID)) {
    return new UnsupportedPixelDataError(err.transferSyntaxUID, 'the viewer reads such pixel data only from native or RLE Lossless instances');
  }
  return new FrameDecodeError(transferSyntaxUID ?? (err instanceof StoredInstanceError ? err.transferSyntaxUID : undefined), err);
}

/** Loads one frame (a `wadors:` image id) from its stored instance. */
export async function loadFromStoredInstance(imageId: string, options: Record<string, unknown>): Promise<Types.IImage> {
  const ref = parseWadorsImageId(imageId);
  if (!ref) throw new Error(`Not a WADO-RS frame: ${imageId}`);
  const started = Date.now();
  const instanceUrl = `${ref.wadoRoot}/studies/${ref.studyInstanceUID}/series/${ref.seriesInstanceUID}/instances/${ref.sopInstanceUID}`;
  let instance: StoredInstance | undefined;
  try {
    instance = await storedInstance(instanceUrl);
    frameDataArrived(imageId, instance.transferSyntaxUID);
    checkAgainstMetadata(imageId, instance.format, instance.transferSyntaxUID);
    const native = nativeFrame(instance, ref.frameNumber - 1);
    const image = isHighBitColour(instance.format)
      ? highBitColourImage(imageId, instance, native)
      : ((await createImage(imageId, native, EXPLICIT_VR_LITTLE_ENDIAN, options)) as Types.IImage);
    return Object.assign(image, {
      transferSyntaxUID: instance.transferSyntaxUID,
      imageQualityStatus: Enums.ImageQualityStatus.FULL_RESOLUTION,
      loadTimeInMS: Date.now() - started,
    });
  } catch (err) {
    throw namedFailure(err, instance?.transferSyntaxUID);
  }
}
