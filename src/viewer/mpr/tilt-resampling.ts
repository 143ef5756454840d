import { Enums, imageLoader, metaData, utilities, type Types } from '@cornerstonejs/core';
import { lowestValue, shiftSlice } from '../../imaging/slice-shift.ts';
import { gridOrigin, type RegularVolume } from '../../imaging/volume-geometry.ts';
import type { Vec3 } from '../../imaging/orientation.ts';

/**
 * The slices of a gantry-tilted series on the orthogonal grid MPR needs (volume-geometry.ts,
 * TiltResampling), as images of their own: `rrgrid:<image id>` is the acquired image moved within its
 * plane (slice-shift.ts), with the grid's size and origin; everything else about it (modality, rescale,
 * window, calibration) is the acquired image's. The volume is built from these; the stack keeps the
 * acquired images, and the MPR readout still names the acquired voxel.
 */
const SCHEME = 'rrgrid';
const PREFIX = `${SCHEME}:`;

interface GridSlice {
  sourceId: string;
  rows: number;
  columns: number;
  sourceRows: number;
  sourceColumns: number;
  offset: { column: number; row: number };
  origin: Vec3;
}

const gridSlices = new Map<string, GridSlice>();

/**
 * The image ids a volume is built from: the acquired ones (ordered along the normal) when the series is
 * a regular stack, else their grid images.
 */
export function volumeImageIds(volume: RegularVolume, orderedImageIds: readonly string[]): string[] {
  const grid = volume.resampling;
  if (!grid) return [...orderedImageIds];
  return orderedImageIds.map((sourceId, k) => {
    const id = `${PREFIX}${sourceId}`;
    gridSlices.set(id, {
      sourceId,
      rows: grid.rows,
      columns: grid.columns,
      sourceRows: volume.rows,
      sourceColumns: volume.columns,
      offset: grid.offsets[k]!,
      origin: gridOrigin(volume, k),
    });
    return id;
  });
}

type Samples = Types.PixelDataTypedArray;

async function loadGridSlice(id: string): Promise<Types.IImage> {
  const slice = gridSlices.get(id);
  if (!slice) throw new Error(`No grid slice ${id}`);
  // The acquired image is in the cache (the volume asks for a grid slice once it is): this returns it.
  const source = await imageLoader.loadAndCacheImage(slice.sourceId, { priority: 0, requestType: Enums.RequestType.Prefetch });
  const values = (source.voxelManager?.getScalarData() ?? source.getPixelData()) as Samples;
  if (values.length !== slice.sourceRows * slice.sourceColumns)
    throw new Error(`The image ${slice.sourceId} is not one greyscale ${slice.sourceColumns}×${slice.sourceRows} slice`);
  const SampleArray = values.constructor as new (length: number) => Samples;
  const target = new SampleArray(slice.rows * slice.columns);
  shiftSlice({
    source: values,
    columns: slice.sourceColumns,
    rows: slice.sourceRows,
    target,
    targetColumns: slice.columns,
    targetRows: slice.rows,
    offset: slice.offset,
    fill: lowestValue(values),
    integer: !(target instanceof Float32Array || target instanceof Float64Array),
  });
  const { min, max } = utilities.getMinMax(target);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: slice.columns,
    height: slice.rows,
    numberOfComponents: 1,
    scalarData: target,
    id,
  });
  return {
    ...source,
    imageId: id,
    rows: slice.rows,
    columns: slice.columns,
    width: slice.columns,
    height: slice.rows,
    minPixelValue: min,
    maxPixelValue: max,
    getPixelData: () => voxelManager.getScalarData(),
    voxelManager,
    imageFrame: source.imageFrame && { ...source.imageFrame, rows: slice.rows, columns: slice.columns, pixelData: target, pixelDataLength: target.length },
    sizeInBytes: target.byteLength,
    imageQualityStatus: Enums.ImageQualityStatus.FULL_RESOLUTION,
  } as Types.IImage;
}

/** What a grid slice says about itself: its size and origin; everything else is the acquired image's. */
function gridMetadata(type: string, id: string): unknown {
  const slice = gridSlices.get(id);
  if (!slice) return undefined;
  const base = metaData.get(type, slice.sourceId) as Record<string, unknown> | undefined;
  switch (type) {
    case 'imagePlaneModule':
      return { ...base, rows: slice.rows, columns: slice.columns, imagePositionPatient: [...slice.origin] };
    case 'imagePixelModule':
      return { ...base, rows: slice.rows, columns: slice.columns };
    default:
      return base;
  }
}

/** The grid slices' image loader and metadata (called once, by initCornerstone). */
export function registerTiltResampling(): void {
  imageLoader.registerImageLoader(SCHEME, ((imageId: string) => ({ promise: loadGridSlice(imageId), cancelFn: undefined })) as unknown as Types.ImageLoaderFn);
  metaData.addProvider(
    (type: string, imageId: string) => (typeof imageId === 'string' && imageId.startsWith(PREFIX) ? gridMetadata(type, imageId) : undefined),
    10_000,
  );
}
