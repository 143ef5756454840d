import { LabelImage, capsule, circle, clamp, ellipse, labelsToValues, rectangle, type PlaneGrid } from './raster.ts';

/**
 * A head phantom for axial CT and MR. z is the height in mm above the orbitomeatal line
 * (world z of the stacks that use it); the vertex is near z = 138.
 */

export const HeadTissue = {
  AIR: 0,
  SCALP: 1,
  FAT: 2,
  SKULL: 3,
  CSF: 4,
  GREY: 5,
  WHITE: 6,
  EYE: 7,
  SINUS: 8,
} as const;
export type HeadTissue = (typeof HeadTissue)[keyof typeof HeadTissue];

type TissueValues = Readonly<Record<HeadTissue, number>>;

export const HEAD_HU: TissueValues = {
  [HeadTissue.AIR]: -1000,
  [HeadTissue.SCALP]: 30,
  [HeadTissue.FAT]: -90,
  [HeadTissue.SKULL]: 1400,
  [HeadTissue.CSF]: 6,
  [HeadTissue.GREY]: 38,
  [HeadTissue.WHITE]: 28,
  [HeadTissue.EYE]: 12,
  [HeadTissue.SINUS]: -1000,
};

export type MrWeighting = 'T1' | 'T2' | 'FLAIR' | 'DWI';

/**
 * Signal of each tissue (arbitrary units, 12 bits): spin-echo T1 and T2, FLAIR (CSF nulled by the
 * inversion pulse, fat bright) and a b = 1000 diffusion trace (fat-suppressed EPI, free water dark).
 */
export const HEAD_MR_SIGNAL: Readonly<Record<MrWeighting, TissueValues>> = {
  T1: {
    [HeadTissue.AIR]: 0,
    [HeadTissue.SCALP]: 450,
    [HeadTissue.FAT]: 1100,
    [HeadTissue.SKULL]: 60,
    [HeadTissue.CSF]: 150,
    [HeadTissue.GREY]: 600,
    [HeadTissue.WHITE]: 850,
    [HeadTissue.EYE]: 200,
    [HeadTissue.SINUS]: 10,
  },
  T2: {
    [HeadTissue.AIR]: 0,
    [HeadTissue.SCALP]: 500,
    [HeadTissue.FAT]: 900,
    [HeadTissue.SKULL]: 60,
    [HeadTissue.CSF]: 2600,
    [HeadTissue.GREY]: 1250,
    [HeadTissue.WHITE]: 800,
    [HeadTissue.EYE]: 2500,
    [HeadTissue.SINUS]: 10,
  },
  FLAIR: {
    [HeadTissue.AIR]: 0,
    [HeadTissue.SCALP]: 650,
    [HeadTissue.FAT]: 1200,
    [HeadTissue.SKULL]: 60,
    [HeadTissue.CSF]: 120,
    [HeadTissue.GREY]: 1050,
    [HeadTissue.WHITE]: 780,
    [HeadTissue.EYE]: 150,
    [HeadTissue.SINUS]: 10,
  },
  DWI: {
    [HeadTissue.AIR]: 0,
    [HeadTissue.SCALP]: 90,
    [HeadTissue.FAT]: 40,
    [HeadTissue.SKULL]: 30,
    [HeadTissue.CSF]: 90,
    [HeadTissue.GREY]: 720,
    [HeadTissue.WHITE]: 600,
    [HeadTissue.EYE]: 110,
    [HeadTissue.SINUS]: 10,
  },
};

const MR_NOISE_SEED: Readonly<Record<MrWeighting, number>> = { T1: 1, T2: 2, FLAIR: 3, DWI: 4 };

const HEAD_CT_NOISE_HU = 5;
const HEAD_MR_NOISE = 25;
const SEED = 0x4ead;

/** Half-axes of the outer head contour at height z (0 above the vertex). */
function headRadii(z: number): { rx: number; ry: number } {
  const f = Math.sqrt(Math.max(0, 1 - ((z - 35) / 105) ** 2));
  return { rx: 74 * f, ry: 92 * f };
}

function inset(image: LabelImage, rx: number, ry: number, by: number, label: number): void {
  if (rx > by && ry > by) image.paint(ellipse(0, 0, rx - by, ry - by), label);
}

export function headLabels(grid: PlaneGrid, z: number): LabelImage {
  const image = new LabelImage(grid, HeadTissue.AIR);
  const { rx, ry } = headRadii(z);
  if (rx < 1) return image;
  inset(image, rx, ry, 0, HeadTissue.SCALP);
  inset(image, rx, ry, 4, HeadTissue.SKULL);
  inset(image, rx, ry, 11, HeadTissue.CSF);
  inset(image, rx, ry, 12.5, HeadTissue.GREY);
  inset(image, rx, ry, 16, HeadTissue.WHITE);
  if (z > 15) image.paint(rectangle(-1, 1, -ry, ry), HeadTissue.CSF, { over: [HeadTissue.GREY, HeadTissue.WHITE] });
  paintDeepStructures(image, z);
  if (z < 10) paintSkullBase(image, z);
  return image;
}

function paintDeepStructures(image: LabelImage, z: number): void {
  if (z > 18 && z < 42) {
    image.paint(ellipse(-15, 5, 8, 12), HeadTissue.GREY);
    image.paint(ellipse(15, 5, 8, 12), HeadTissue.GREY);
  }
  if (z > 15 && z < 30) image.paint(ellipse(0, 5, 2.5, 10), HeadTissue.CSF);
  if (z > 25 && z < 70) {
    const size = Math.sin((Math.PI * (z - 25)) / 45);
    image.paint(ellipse(-9, -5, 3 + 3 * size, 10 + 14 * size, 0.15), HeadTissue.CSF);
    image.paint(ellipse(9, -5, 3 + 3 * size, 10 + 14 * size, -0.15), HeadTissue.CSF);
  }
  if (z > 30 && z < 50) {
    image.paint(ellipse(-16, 32, 5, 10, -0.3), HeadTissue.CSF);
    image.paint(ellipse(16, 32, 5, 10, 0.3), HeadTissue.CSF);
  }
}

/** Orbits, paranasal sinuses, clivus and posterior fossa in the lowest slices. */
function paintSkullBase(image: LabelImage, z: number): void {
  if (z < -10) image.paint(ellipse(0, -10, 28, 18), HeadTissue.SKULL);
  image.paint(ellipse(0, 40, 45, 30), HeadTissue.GREY, { over: [HeadTissue.WHITE] });
  image.paint(circle(0, 12, 12), HeadTissue.WHITE);
  if (z > -15 && z < 0) image.paint(circle(0, 28, 4), HeadTissue.CSF);
  if (z > -25 && z < 5) {
    for (const side of [-1, 1]) {
      image.paint(circle(30 * side, -56, 14), HeadTissue.FAT);
      image.paint(circle(30 * side, -57, 11), HeadTissue.EYE);
    }
  }
  if (z > -12 && z < 5) image.paint(capsule(0, -52, 0, -38, 8), HeadTissue.SINUS);
  if (z < -12) {
    image.paint(circle(-26, -52, 14), HeadTissue.SINUS);
    image.paint(circle(26, -52, 14), HeadTissue.SINUS);
  }
}

export function headHounsfield(grid: PlaneGrid, z: number, sliceNumber: number): Int32Array {
  return labelsToValues(headLabels(grid, z), (label) => HEAD_HU[label as HeadTissue], {
    seed: SEED,
    slice: sliceNumber,
    amplitude: HEAD_CT_NOISE_HU,
    exempt: [HeadTissue.AIR],
  });
}

export function headMrSignal(grid: PlaneGrid, z: number, sliceNumber: number, weighting: MrWeighting): Int32Array {
  const signal = labelsToValues(headLabels(grid, z), (label) => HEAD_MR_SIGNAL[weighting][label as HeadTissue], {
    seed: SEED + MR_NOISE_SEED[weighting],
    slice: sliceNumber,
    amplitude: HEAD_MR_NOISE,
    exempt: [],
  });
  return signal.map((v) => clamp(v, 0, 4095));
}
