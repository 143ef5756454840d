import { describe, expect, it } from 'vitest';
import { CATALOGUE, CURRENT_CHEST_ANATOMY, CURRENT_CHEST_STACK, NODULE_DIAMETER_MM, NODULE_VOXEL } from './catalogue.ts';
import { nearestVoxel, planeGrid, slicePosition, voxelCentre } from './geometry.ts';
import { chestKnownValues, colourChartKnownValues } from './known-values.ts';
import { CHEST_HU, ChestPhantom, ChestTissue } from './phantoms/ct-chest.ts';
import { planSeries } from './series/index.ts';
import { sampleUids } from './uids.ts';

const study = CATALOGUE.find((s) => s.key === 'ct-chest-current')!;
const series = study.series.find((s) => s.knownValues)!;
const { knownPixels, knownObject } = chestKnownValues(study, series);
const phantom = new ChestPhantom(CURRENT_CHEST_ANATOMY);
const stack = CURRENT_CHEST_STACK;
const grid = planeGrid(stack);
const z = (index: number) => slicePosition(stack, index)[2];

function huAt(index: number, row: number, column: number): number {
  return phantom.hounsfield(grid, z(index), index)[row * stack.columns + column]!;
}

function labelAt(index: number, row: number, column: number): number {
  return phantom.labels(grid, z(index)).labelAt(row, column);
}

const pixel = (name: string) => {
  const found = knownPixels.find((p) => p.name === name);
  if (!found) throw new Error(`no known pixel "${name}"`);
  return found;
};

describe('known pixels of the current chest CT', () => {
  it('names the landmarks the tests rely on', () => {
    expect(knownPixels.map((p) => p.name)).toEqual(expect.arrayContaining(['aorta', 'left lung', 'vertebral body', 'air outside body', 'subcutaneous fat']));
  });

  it.each(knownPixels.map((p) => [p.name, p] as const))('%s: the phantom gives the recorded HU at the recorded pixel', (_name, p) => {
    expect(huAt(p.sliceIndex, p.row, p.column)).toBe(p.hu);
    expect(p.storedValue).toBe(p.hu + 1024);
    expect(Math.abs(p.hu - p.nominalHu)).toBeLessThanOrEqual(p.noiseHu);
    expect(p.instanceNumber).toBe(p.sliceIndex + 1);
    expect(p.worldMm).toEqual([...voxelCentre(stack, p.sliceIndex, p.row, p.column)]);
  });

  it('has anatomically plausible values', () => {
    expect(pixel('air outside body').hu).toBe(-1000);
    expect(pixel('left lung').hu).toBeGreaterThanOrEqual(-900);
    expect(pixel('left lung').hu).toBeLessThanOrEqual(-800);
    expect(pixel('subcutaneous fat').hu).toBeGreaterThanOrEqual(-120);
    expect(pixel('subcutaneous fat').hu).toBeLessThanOrEqual(-80);
    expect(pixel('aorta').hu).toBeGreaterThanOrEqual(30);
    expect(pixel('aorta').hu).toBeLessThanOrEqual(60);
    expect(pixel('vertebral body').hu).toBeGreaterThanOrEqual(700);
  });

  it('puts each landmark in its tissue, away from edges', () => {
    const tissueOf: Record<string, number> = {
      aorta: ChestTissue.BLOOD,
      'left lung': ChestTissue.LUNG,
      'vertebral body': ChestTissue.VERTEBRA,
      'air outside body': ChestTissue.AIR,
      'subcutaneous fat': ChestTissue.FAT,
    };
    for (const [name, tissue] of Object.entries(tissueOf)) {
      const p = pixel(name);
      for (const [dr, dc] of [
        [0, 0],
        [-1, 0],
        [1, 0],
        [0, -1],
        [0, 1],
      ] as const)
        expect(labelAt(p.sliceIndex, p.row + dr, p.column + dc)).toBe(tissue);
    }
  });

  it('puts the left lung on the image right and the air outside the body', () => {
    expect(pixel('left lung').column).toBeGreaterThan(stack.columns / 2);
    expect(pixel('left lung').worldMm[0]).toBeGreaterThan(0);
  });
});

describe('the known object', () => {
  const { row, column } = knownObject.centre;

  it('is a 20 mm sphere of +60 HU in the right lung, centred on the recorded pixel and midway between two slices', () => {
    expect(knownObject.diameterMm).toBe(NODULE_DIAMETER_MM);
    expect(knownObject.hu).toBe(CHEST_HU[ChestTissue.NODULE]);
    expect({ index: knownObject.centre.sliceIndex, row, column }).toEqual(NODULE_VOXEL);
    // On the voxel's row and column; along the table midway between its slice and the next.
    const [x, y, z] = voxelCentre(stack, knownObject.centre.sliceIndex, row, column);
    expect(knownObject.centreWorldMm).toEqual([x, y, z + stack.zStep / 2]);
    expect(nearestVoxel(stack, knownObject.centreWorldMm)).toMatchObject({ row, column });
    expect(knownObject.centreWorldMm[0]).toBeLessThan(0);
    expect(labelAt(knownObject.centre.sliceIndex, row, column)).toBe(ChestTissue.NODULE);
    expect(Math.abs(huAt(knownObject.centre.sliceIndex, row, column) - 60)).toBeLessThanOrEqual(8);
  });

  it('measures its diameter in-plane', () => {
    const labels = phantom.labels(grid, z(knownObject.centre.sliceIndex));
    let width = 0;
    for (let c = 0; c < stack.columns; c++) if (labels.labelAt(row, c) === ChestTissue.NODULE) width++;
    expect(width * stack.pixelSpacing).toBeGreaterThan(NODULE_DIAMETER_MM - 2 * stack.pixelSpacing);
    expect(width * stack.pixelSpacing).toBeLessThanOrEqual(NODULE_DIAMETER_MM + stack.pixelSpacing);
  });

  it('spans the recorded slices and no others', () => {
    const slicesWithNodule: number[] = [];
    for (let i = knownObject.centre.sliceIndex - 12; i <= knownObject.centre.sliceIndex + 12; i++) {
      if (labelAt(i, row, column) === ChestTissue.NODULE) slicesWithNodule.push(i + 1);
    }
    expect(slicesWithNodule[0]).toBe(knownObject.firstInstanceNumber);
    expect(slicesWithNodule.at(-1)).toBe(knownObject.lastInstanceNumber);
    // The centre between two slices: 16 slices, whose edges span the diameter exactly.
    expect(slicesWithNodule).toHaveLength(NODULE_DIAMETER_MM / stack.sliceThickness);
    expect(slicesWithNodule.at(-1)! - slicesWithNodule[0]! + 1).toBe(slicesWithNodule.length);
  });
});

describe('colour chart known values', () => {
  const known = colourChartKnownValues(CATALOGUE);
  const chartStudy = CATALOGUE.find((s) => s.key === 'colour-12bit')!;

  it('records every patch of every chart series with the very samples the generator writes', () => {
    expect(chartStudy.series).toHaveLength(3);
    for (const entry of chartStudy.series) {
      const phantom = entry.phantom as Extract<typeof entry.phantom, { kind: 'colour-chart' }>;
      const draft = planSeries(chartStudy, entry).instance(0);
      const pixels = draft.pixelData as Uint16Array;
      const rows = draft.dataset['Rows'] as number;
      const columns = draft.dataset['Columns'] as number;
      expect(draft.dataset['PlanarConfiguration']).toBe(phantom.planar ? 1 : 0);
      const mine = known.filter((k) => k.seriesInstanceUID === sampleUids.series(chartStudy.key, entry.key));
      expect(mine).toHaveLength(24);
      for (const k of mine) {
        const p = k.row * columns + k.column;
        const at = (s: number) => pixels[phantom.planar ? s * rows * columns + p : p * 3 + s];
        expect([at(0), at(1), at(2)], `${entry.key} (${k.row}, ${k.column})`).toEqual(k.stored);
      }
    }
  });

  it('holds values an 8-bit colour path would get wrong: above 255 in every channel, and the 12-bit maximum', () => {
    for (let s = 0; s < 3; s++) expect(known.some((k) => k.stored[s]! > 255 && k.stored[s]! < 4095)).toBe(true);
    expect(known.some((k) => k.stored.every((v) => v === 4095))).toBe(true);
    expect(known.every((k) => k.bitsStored === 12 && k.stored.every((v) => v >= 0 && v <= 4095))).toBe(true);
  });
});
