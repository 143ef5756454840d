import { Enums, imageLoader, metaData, utilities, type Types } from '@cornerstonejs/core';
import { gridSliceValues } from '../../imaging/slice-shift.ts';
import type { RegularVolume } from '../../imaging/volume-geometry.ts';
import { gridSliceOrigin } from '../../imaging/volume-grid.ts';
import type { Vec3 } from '../../imaging/orientation.ts';

/**
 * The slices of a series' MPR grid (volume-grid.ts: a gantry tilt undone, an uneven spacing made even) as
 * images of their own: `rrgrid:<n>:<first acquired image id>` is grid slice n, made from its acquired
 * images (slice-shift.ts), with the grid's size and origin; everything else about it (modality, rescale,
 * window, calibration) is its first acquired image's. The volume is built from these; the stack keeps the
 * acquired images, and the MPR readout still names the acquired voxel.
 */
const SCHEME = 'rrgrid';
const PREFIX = `${SCHEME}:`;

interface GridImage {
  sources: readonly { imageId: string; offset: { column: number; row: number }; weight: number }[];
  rows: number;
  columns: number;
  sourceRows: number;
  sourceColumns: number;
  origin: Vec3;
}

const gridImages = new Map<string, GridImage>();

/** The slices a volume is built from, and which acquired images each one needs. */
export interface VolumeSlices {
  /** Image ids, in order along the normal. */
  imageIds: readonly string[];
  /** Position of each along the normal (mm). */
  positions: readonly number[];
  /** mm between them. */
  spacing: number;
  /** The acquired images (ids) slice `index` is made of. */
  sourcesOf(index: number): readonly string[];
  /** The slices (indices) an acquired image is part of. */
  slicesOf(acquiredImageId: string): readonly number[];
}

/**
 * The volume's slices: the acquired images themselves (ordered along the normal) when the series is a
 * regular stack, else the grid's images.
 */
export function volumeSlices(volume: RegularVolume, orderedImageIds: readonly string[]): VolumeSlices {
  const { grid } = volume;
  if (!grid) {
    const index = new Map(orderedImageIds.map((id, k) => [id, k]));
    return {
      imageIds: orderedImageIds,
      positions: volume.positions,
      spacing: volume.sliceSpacing,
      sourcesOf: (k) => [orderedImageIds[k]!],
      slicesOf: (id) => (index.has(id) ? [index.get(id)!] : []),
    };
  }
  const sources = grid.slices.map((slice) => slice.sources.map((s) => orderedImageIds[s.slice]!));
  const dependents = new Map<string, number[]>();
  sources.forEach((ids, k) => ids.forEach((id) => dependents.set(id, [...(dependents.get(id) ?? []), k])));
  const imageIds = grid.slices.map((slice, k) => {
    const id = `${PREFIX}${k}:${sources[k]![0]}`;
    gridImages.set(id, {
      sources: slice.sources.map((s) => ({ imageId: orderedImageIds[s.slice]!, offset: grid.offsets[s.slice]!, weight: s.weight })),
      rows: grid.rows,
      columns: grid.columns,
      sourceRows: volume.rows,
      sourceColumns: volume.columns,
      origin: gridSliceOrigin(volume, grid, k),
    });
    return id;
  });
  return {
    imageIds,
    positions: grid.slices.map((s) => s.position),
    spacing: grid.sliceSpacing,
    sourcesOf: (k) => sources[k] ?? [],
    slicesOf: (id) => dependents.get(id) ?? [],
  };
}

type Samples = Types.PixelDataTypedArray;

async function loadGridImage(id: string): Promise<Types.IImage> {
  const grid = gridImages.get(id);
  if (!grid) throw new Error(`No grid image ${id}`);
  // The acquired images are in the cache (the volume asks for a grid image once they are): this returns them.
  const acquired = await Promise.all(
    grid.sources.map((s) => imageLoader.loadAndCacheImage(s.imageId, { priority: 0, requestType: Enums.RequestType.Prefetch })),
  );
  const values = acquired.map((image) => (image.voxelManager?.getScalarData() ?? image.getPixelData()) as Samples);
  for (const [i, v] of values.entries()) {
    if (v.length !== grid.sourceRows * grid.sourceColumns)
      throw new Error(`The image ${grid.sources[i]!.imageId} is not one greyscale ${grid.sourceColumns}×${grid.sourceRows} slice`);
  }
  const SampleArray = values[0]!.constructor as new (length: number) => Samples;
  const target = new SampleArray(grid.rows * grid.columns);
  gridSliceValues({
    sources: grid.sources.map((s, i) => ({ values: values[i]!, offset: s.offset, weight: s.weight })),
    columns: grid.sourceColumns,
    rows: grid.sourceRows,
    target,
    targetColumns: grid.columns,
    targetRows: grid.rows,
    integer: !(target instanceof Float32Array || target instanceof Float64Array),
  });
  const { min, max } = utilities.getMinMax(target);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: grid.columns,
    height: grid.rows,
    numberOfComponents: 1,
    scalarData: target,
    id,
  });
  const first = acquired[0]!;
  return {
    ...first,
    imageId: id,
    rows: grid.rows,
    columns: grid.columns,
    width: grid.columns,
    height: grid.rows,
    minPixelValue: min,
    maxPixelValue: max,
    getPixelData: () => voxelManager.getScalarData(),
    voxelManager,
    imageFrame: first.imageFrame && { ...first.imageFrame, rows: grid.rows, columns: grid.columns, pixelData: target, pixelDataLength: target.length },
    sizeInBytes: target.byteLength,
    imageQualityStatus: Enums.ImageQualityStatus.FULL_RESOLUTION,
  } as Types.IImage;
}

/** What a grid image says about itself: its size and origin; everything else is its first acquired image's. */
function gridMetadata(type: string, id: string): unknown {
  const grid = gridImages.get(id);
  if (!grid) return undefined;
  const base = metaData.get(type, grid.sources[0]!.imageId) as Record<string, unknown> | undefined;
  switch (type) {
    case 'imagePlaneModule':
      return { ...base, rows: grid.rows, columns: grid.columns, imagePositionPatient: [...grid.origin] };
    case 'imagePixelModule':
      return { ...base, rows: grid.rows, columns: grid.columns };
    default:
      return base;
  }
}

/** The grid images' loader and metadata (called once, by initCornerstone). */
export function registerGridImages(): void {
  imageLoader.registerImageLoader(SCHEME, ((imageId: string) => ({ promise: loadGridImage(imageId), cancelFn: undefined })) as unknown as Types.ImageLoaderFn);
  metaData.addProvider(
    (type: string, imageId: string) => (typeof imageId === 'string' && imageId.startsWith(PREFIX) ? gridMetadata(type, imageId) : undefined),
    10_000,
  );
}
