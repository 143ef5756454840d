import type { SeriesEntry, StudyEntry } from './catalogue.ts';
import { nearestVoxel, planeGrid, slicePosition, voxelCentre, type AxialStack, type Vec3, type Voxel } from './geometry.ts';
import type { KnownColourPixel, KnownObject, KnownPixel, VoxelRef } from './manifest.ts';
import { patchCentres } from './phantoms/colour-chart.ts';
import { CHEST_HU, CHEST_LANDMARKS, CHEST_NOISE_HU, ChestPhantom, ChestTissue, type ChestAnatomy, type ChestLandmark } from './phantoms/ct-chest.ts';
import type { LabelImage } from './phantoms/raster.ts';
import { planSeries, type SeriesPlan } from './series/index.ts';
import { sampleUids } from './uids.ts';

/** How far (pixels) from a landmark's nominal point a pixel of its tissue may be chosen. */
const SEARCH_RADIUS = 40;

/** True when the pixel and its 8 neighbours all carry `label` (away from edges and partial volume). */
function isInterior(image: LabelImage, row: number, column: number, label: number): boolean {
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if (image.labelAt(row + dr, column + dc) !== label) return false;
    }
  }
  return true;
}

/** The interior pixel of `label` nearest to `target` (ties: smaller row, then column). */
function nearestInteriorPixel(image: LabelImage, target: Voxel, label: number): { row: number; column: number } {
  let best: { row: number; column: number; distance: number } | undefined;
  for (let dr = -SEARCH_RADIUS; dr <= SEARCH_RADIUS; dr++) {
    for (let dc = -SEARCH_RADIUS; dc <= SEARCH_RADIUS; dc++) {
      const row = target.row + dr;
      const column = target.column + dc;
      const distance = dr * dr + dc * dc;
      if (best && distance >= best.distance) continue;
      if (row < 1 || column < 1 || row >= image.grid.rows - 1 || column >= image.grid.columns - 1) continue;
      if (isInterior(image, row, column, label)) best = { row, column, distance };
    }
  }
  if (!best) throw new Error(`No pixel of tissue ${label} within ${SEARCH_RADIUS} pixels of slice ${target.index} (${target.row}, ${target.column})`);
  return best;
}

function worldOf(anatomy: ChestAnatomy, point: Vec3): Vec3 {
  return [point[0] + anatomy.offset[0], point[1] + anatomy.offset[1], point[2] + anatomy.offset[2]];
}

interface ChestSeriesContext {
  study: StudyEntry;
  series: SeriesEntry;
  anatomy: ChestAnatomy;
  stack: AxialStack;
  plan: SeriesPlan;
  phantom: ChestPhantom;
}

function voxelRef(ctx: ChestSeriesContext, index: number, row: number, column: number): VoxelRef {
  return {
    sopInstanceUID: sampleUids.instance(ctx.study.key, ctx.series.key, index),
    instanceNumber: index + 1,
    sliceIndex: index,
    row,
    column,
  };
}

/** Reads the exact stored value from the very pixel data the generator writes. */
function knownPixel(ctx: ChestSeriesContext, landmark: ChestLandmark): KnownPixel {
  const target = nearestVoxel(ctx.stack, worldOf(ctx.anatomy, landmark.near));
  const labels = ctx.phantom.labels(planeGrid(ctx.stack), slicePosition(ctx.stack, target.index)[2]);
  const { row, column } = nearestInteriorPixel(labels, target, landmark.tissue);
  const draft = ctx.plan.instance(target.index);
  const storedValue = (draft.pixelData as Int16Array)[row * ctx.stack.columns + column]!;
  const intercept = draft.dataset['RescaleIntercept'] as number;
  return {
    name: landmark.name,
    studyInstanceUID: sampleUids.study(ctx.study.key),
    seriesInstanceUID: sampleUids.series(ctx.study.key, ctx.series.key),
    ...voxelRef(ctx, target.index, row, column),
    hu: storedValue + intercept,
    storedValue,
    nominalHu: CHEST_HU[landmark.tissue],
    noiseHu: landmark.tissue === ChestTissue.AIR ? 0 : CHEST_NOISE_HU,
    worldMm: [...voxelCentre(ctx.stack, target.index, row, column)],
  };
}

/** The voxel named as a sphere's centre: the pixel at it, on its slice or, between two, the one of lower index. */
function centreVoxel(stack: AxialStack, point: Vec3): Voxel {
  const between = (point[2] - stack.origin[2]) / stack.zStep;
  return { ...nearestVoxel(stack, point), index: Math.floor(between + 1e-6) };
}

function knownObject(ctx: ChestSeriesContext): KnownObject {
  const nodule = ctx.anatomy.nodule;
  if (!nodule) throw new Error(`${ctx.study.key}/${ctx.series.key} has no nodule`);
  const centre = worldOf(ctx.anatomy, nodule.centre);
  const voxel = centreVoxel(ctx.stack, centre);
  const radius = nodule.diameterMm / 2;
  const cut = Array.from({ length: ctx.stack.count }, (_, i) => i).filter((i) => Math.abs(slicePosition(ctx.stack, i)[2] - centre[2]) < radius);
  return {
    name: 'right lung nodule',
    shape: 'sphere',
    studyInstanceUID: sampleUids.study(ctx.study.key),
    seriesInstanceUID: sampleUids.series(ctx.study.key, ctx.series.key),
    diameterMm: nodule.diameterMm,
    hu: CHEST_HU[ChestTissue.NODULE],
    centreWorldMm: [...centre],
    centre: voxelRef(ctx, voxel.index, voxel.row, voxel.column),
    firstInstanceNumber: Math.min(...cut) + 1,
    lastInstanceNumber: Math.max(...cut) + 1,
  };
}

/** Named pixel values and the nodule of the chest CT series marked `knownValues`. */
export function chestKnownValues(study: StudyEntry, series: SeriesEntry): { knownPixels: KnownPixel[]; knownObject: KnownObject } {
  const { phantom } = series;
  if (phantom.kind !== 'ct-chest') throw new Error(`Known values need a ct-chest series, not ${phantom.kind}`);
  const ctx: ChestSeriesContext = {
    study,
    series,
    anatomy: phantom.anatomy,
    stack: phantom.stack,
    plan: planSeries(study, series),
    phantom: new ChestPhantom(phantom.anatomy),
  };
  return { knownPixels: CHEST_LANDMARKS.map((landmark) => knownPixel(ctx, landmark)), knownObject: knownObject(ctx) };
}

/** The stored RGB at every patch centre of every colour chart series of the catalogue. */
export function colourChartKnownValues(catalogue: readonly StudyEntry[]): KnownColourPixel[] {
  return catalogue.flatMap((study) =>
    study.series.flatMap((series) => {
      const { phantom } = series;
      if (phantom.kind !== 'colour-chart') return [];
      return patchCentres(phantom.chart).map(({ row, column, rgb }) => ({
        studyInstanceUID: sampleUids.study(study.key),
        seriesInstanceUID: sampleUids.series(study.key, series.key),
        sopInstanceUID: sampleUids.instance(study.key, series.key, 0),
        row,
        column,
        stored: rgb,
        bitsStored: phantom.chart.bitsStored,
      }));
    }),
  );
}
