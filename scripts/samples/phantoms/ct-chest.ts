import type { Vec3 } from '../geometry.ts';
import { LabelImage, capsule, circle, ellipse, labelsToValues, rectangle, seededRandom, smoothstep, type PlaneGrid } from './raster.ts';

/**
 * A thorax phantom for axial CT. Anatomy is laid out in its own frame (mm, LPS: +x patient
 * left, +y posterior, +z head; z = 0 near the thoracic inlet); a scan places it with an
 * offset (table position), so a prior study can show the same patient slightly moved.
 */

export const ChestTissue = {
  AIR: 0,
  AIRWAY: 1,
  LUNG: 2,
  FAT: 3,
  MEDIASTINAL_FAT: 4,
  MUSCLE: 5,
  HEART: 6,
  BLOOD: 7,
  VESSEL: 8,
  LIVER: 9,
  SPLEEN: 10,
  CORTICAL_BONE: 11,
  VERTEBRA: 12,
  RIB: 13,
  STERNUM: 14,
  SCAPULA: 15,
  DISC: 16,
  SPINAL_CORD: 17,
  TABLE: 18,
  NODULE: 19,
} as const;
export type ChestTissue = (typeof ChestTissue)[keyof typeof ChestTissue];

/** Nominal Hounsfield units of each tissue (non-contrast CT). */
export const CHEST_HU: Readonly<Record<ChestTissue, number>> = {
  [ChestTissue.AIR]: -1000,
  [ChestTissue.AIRWAY]: -1000,
  [ChestTissue.LUNG]: -850,
  [ChestTissue.FAT]: -100,
  [ChestTissue.MEDIASTINAL_FAT]: -100,
  [ChestTissue.MUSCLE]: 50,
  [ChestTissue.HEART]: 40,
  [ChestTissue.BLOOD]: 45,
  [ChestTissue.VESSEL]: 40,
  [ChestTissue.LIVER]: 60,
  [ChestTissue.SPLEEN]: 50,
  [ChestTissue.CORTICAL_BONE]: 1200,
  [ChestTissue.VERTEBRA]: 750,
  [ChestTissue.RIB]: 900,
  [ChestTissue.STERNUM]: 750,
  [ChestTissue.SCAPULA]: 800,
  [ChestTissue.DISC]: 80,
  [ChestTissue.SPINAL_CORD]: 35,
  [ChestTissue.TABLE]: 200,
  [ChestTissue.NODULE]: 60,
};

/** Every pixel except air outside the body gets uniform noise of at most this many HU. */
export const CHEST_NOISE_HU = 8;

export interface ChestAnatomy {
  /** Lays out structures such as pulmonary vessels: the same patient keeps the same seed. */
  seed: number;
  /** Varies the image noise between acquisitions. */
  noiseSeed: number;
  /** world = anatomy + offset (the patient's position on the table). */
  offset: Vec3;
  /** Scales the body outline (1 = reference habitus). */
  bodyScale: number;
  /** A solid sphere of NODULE tissue, centre in the anatomy frame. */
  nodule?: { centre: Vec3; diameterMm: number };
}

/** Levels along z in the anatomy frame (mm). */
const Z = {
  lungApex: -12,
  arch: -62,
  carina: -80,
  heartTop: -88,
  heartBottom: -205,
  domeRight: -190,
  domeLeft: -200,
  lungBase: -252,
  sternumTop: -22,
  sternumBottom: -195,
  scapulaBottom: -135,
  firstRib: -4,
} as const;

const BODY = { rx: 158, ry: 112, cy: -5 } as const;
/** Top of the table in world y: the table belongs to the scanner, not to the patient. */
const TABLE_TOP_WORLD_Y = 109;
const DISC_PERIOD_MM = 30;
const DISC_THICKNESS_MM = 6;
const VESSELS_PER_LUNG = 40;

interface LungOutline {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

interface Vessel {
  u: number;
  v: number;
  phaseU: number;
  phaseV: number;
  radius: number;
}

/** Pulmonary vessels as tubes in normalised lung coordinates (−1..1), thicker toward the hilum. */
function layOutVessels(seed: number, hilumU: number): Vessel[] {
  const random = seededRandom(seed);
  const vessels: Vessel[] = [];
  while (vessels.length < VESSELS_PER_LUNG) {
    const u = random() * 2 - 1;
    const v = random() * 2 - 1;
    if (u * u + v * v > 0.8) continue;
    const fromHilum = Math.hypot(u - hilumU, v + 0.1);
    vessels.push({ u, v, phaseU: random() * 6.28, phaseV: random() * 6.28, radius: 0.9 + 3.2 * Math.max(0, 1 - fromHilum / 1.2) });
  }
  return vessels;
}

function lungOutline(side: 'right' | 'left', z: number): LungOutline | undefined {
  const apex = Math.sqrt(smoothstep(Z.lungApex, Z.lungApex - 45, z));
  const dome = side === 'right' ? Z.domeRight : Z.domeLeft;
  const base = 1 - smoothstep(dome, Z.lungBase, z);
  const scale = apex * Math.sqrt(base);
  if (scale < 0.05) return undefined;
  const posteriorShift = (1 - base) * 40;
  return side === 'right'
    ? { cx: -70, cy: -2 + posteriorShift, rx: 58 * scale, ry: 80 * scale }
    : { cx: 72, cy: posteriorShift, rx: 55 * scale, ry: 78 * scale };
}

/** 0 outside the heart's z range, rising to 1 in its middle. */
function heartSize(z: number): number {
  if (z > Z.heartTop || z < Z.heartBottom) return 0;
  return Math.sqrt(Math.sin((Math.PI * (Z.heartTop - z)) / (Z.heartTop - Z.heartBottom)));
}

const RIB_PITCH_MM = 24;
/** How far a rib descends per radian as it curves from the spine toward the sternum. */
const RIB_SLOPE_MM_PER_RAD = 45;

/** Ribs run obliquely: rib k crosses posterior angle θ at z = firstRib − pitch·k − slope·θ. */
function isRib(z: number, theta: number): boolean {
  if (theta < 0.45 || theta > 2.6) return false;
  const drop = Z.firstRib - RIB_SLOPE_MM_PER_RAD * theta - z;
  const k = Math.round(drop / RIB_PITCH_MM);
  return k >= 0 && k <= 11 && Math.abs(drop - RIB_PITCH_MM * k) < 5;
}

export class ChestPhantom {
  private readonly vessels: { right: Vessel[]; left: Vessel[] };

  constructor(readonly anatomy: ChestAnatomy) {
    this.vessels = { right: layOutVessels(anatomy.seed, 0.6), left: layOutVessels(anatomy.seed + 1, -0.6) };
  }

  /** Tissue labels of the axial plane at world z, sampled on a world-coordinate grid. */
  labels(grid: PlaneGrid, worldZ: number): LabelImage {
    const [ox, oy, oz] = this.anatomy.offset;
    const image = new LabelImage({ ...grid, x0: grid.x0 - ox, y0: grid.y0 - oy }, ChestTissue.AIR);
    const z = worldZ - oz;
    image.paint(rectangle(-175 - ox, 175 - ox, TABLE_TOP_WORLD_Y - oy, TABLE_TOP_WORLD_Y + 9 - oy), ChestTissue.TABLE);
    this.paintBodyWall(image, z);
    this.paintAbdomen(image, z);
    this.paintLungs(image, z);
    this.paintMediastinum(image, z);
    this.paintNodule(image, z);
    this.paintSkeleton(image, z);
    return image;
  }

  /** Hounsfield units of the axial plane at world z; `sliceNumber` varies the noise. */
  hounsfield(grid: PlaneGrid, worldZ: number, sliceNumber: number): Int32Array {
    return labelsToValues(this.labels(grid, worldZ), (label) => CHEST_HU[label as ChestTissue], {
      seed: this.anatomy.noiseSeed,
      slice: sliceNumber,
      amplitude: CHEST_NOISE_HU,
      exempt: [ChestTissue.AIR],
    });
  }

  private body() {
    const s = this.anatomy.bodyScale;
    return { rx: BODY.rx * s, ry: BODY.ry * s, cy: BODY.cy };
  }

  /** The thoracic cavity: inside ribs and intercostal muscles. */
  private cavity() {
    const { rx, ry, cy } = this.body();
    return { rx: rx - 26, ry: ry - 22, cy: cy + 2 };
  }

  private paintBodyWall(image: LabelImage, z: number): void {
    const { rx, ry, cy } = this.body();
    const cavity = this.cavity();
    image.paint(ellipse(0, cy, rx, ry), ChestTissue.FAT);
    image.paint(ellipse(0, cy, rx - 12, ry - 10), ChestTissue.MUSCLE);
    // Above the lung apices the cavity is the root of the neck: muscle rather than fat.
    const cavityTissue = z > Z.lungApex ? ChestTissue.MUSCLE : ChestTissue.MEDIASTINAL_FAT;
    image.paint(ellipse(0, cavity.cy, cavity.rx, cavity.ry), cavityTissue);
    if (z > Z.scapulaBottom) {
      image.paint(ellipse(-100, 62, 36, 5, 0.55), ChestTissue.SCAPULA, { over: [ChestTissue.MUSCLE, ChestTissue.FAT] });
      image.paint(ellipse(100, 62, 36, 5, -0.55), ChestTissue.SCAPULA, { over: [ChestTissue.MUSCLE, ChestTissue.FAT] });
    }
  }

  private paintAbdomen(image: LabelImage, z: number): void {
    const inCavity = { over: [ChestTissue.MEDIASTINAL_FAT] };
    if (z < Z.domeRight + 5) image.paint(ellipse(-45, 5, 82, 76), ChestTissue.LIVER, inCavity);
    if (z < Z.domeLeft + 5) image.paint(ellipse(88, 38, 30, 34), ChestTissue.SPLEEN, inCavity);
  }

  private paintLungs(image: LabelImage, z: number): void {
    const lungOver = { over: [ChestTissue.MEDIASTINAL_FAT, ChestTissue.LIVER, ChestTissue.SPLEEN] };
    for (const side of ['right', 'left'] as const) {
      const lung = lungOutline(side, z);
      if (!lung) continue;
      image.paint(ellipse(lung.cx, lung.cy, lung.rx, lung.ry), ChestTissue.LUNG, lungOver);
      for (const v of this.vessels[side]) {
        const u = v.u + 0.12 * Math.sin(z / 30 + v.phaseU);
        const w = v.v + 0.12 * Math.cos(z / 40 + v.phaseV);
        image.paint(circle(lung.cx + u * lung.rx, lung.cy + w * lung.ry, v.radius), ChestTissue.VESSEL, { over: [ChestTissue.LUNG] });
      }
    }
  }

  private paintMediastinum(image: LabelImage, z: number): void {
    const heart = heartSize(z);
    if (heart > 0) {
      image.paint(ellipse(20, -28, 60 * heart + 4, 50 * heart + 4, 0.5), ChestTissue.MEDIASTINAL_FAT);
      image.paint(ellipse(20, -28, 60 * heart, 50 * heart, 0.5), ChestTissue.HEART);
    }
    this.paintGreatVessels(image, z);
    image.paint(circle(-6, 22, 7), ChestTissue.MUSCLE);
    if (z > Z.carina) {
      image.paint(circle(0, -18, 11), ChestTissue.MUSCLE);
      image.paint(circle(0, -18, 9), ChestTissue.AIRWAY);
    } else if (z > Z.carina - 25) {
      image.paint(capsule(0, -18, -28, -8, 6), ChestTissue.AIRWAY);
      image.paint(capsule(0, -18, 28, -8, 6), ChestTissue.AIRWAY);
    }
  }

  /** Superior vena cava, pulmonary trunk and the aorta, whose arch passes left of the trachea. */
  private paintGreatVessels(image: LabelImage, z: number): void {
    if (z < Z.lungApex - 20 && z > Z.heartTop) image.paint(circle(-25, -32, 10), ChestTissue.BLOOD);
    if (z < Z.heartTop + 14 && z > Z.heartTop - 6) image.paint(circle(38, -52, 13), ChestTissue.BLOOD);
    if (z < Z.arch && z > Z.heartTop) image.paint(circle(10, -35, 15), ChestTissue.BLOOD);
    if (Math.abs(z - Z.arch) < 7) {
      image.paint(capsule(10, -35, 24, -8, 12), ChestTissue.BLOOD);
      image.paint(capsule(24, -8, 20, 26, 12), ChestTissue.BLOOD);
    }
    if (z < Z.arch) image.paint(circle(20, 26, 12), ChestTissue.BLOOD);
  }

  private paintNodule(image: LabelImage, z: number): void {
    const nodule = this.anatomy.nodule;
    if (!nodule) return;
    const [cx, cy, cz] = nodule.centre;
    const r = nodule.diameterMm / 2;
    const dz = z - cz;
    if (Math.abs(dz) >= r) return;
    image.paint(circle(cx, cy, Math.sqrt(r * r - dz * dz)), ChestTissue.NODULE);
  }

  private paintSkeleton(image: LabelImage, z: number): void {
    const isDisc = (((Z.firstRib - z) % DISC_PERIOD_MM) + DISC_PERIOD_MM) % DISC_PERIOD_MM < DISC_THICKNESS_MM;
    if (isDisc) {
      image.paint(circle(0, 52, 16), ChestTissue.DISC);
    } else {
      image.paint(circle(0, 52, 16), ChestTissue.CORTICAL_BONE);
      image.paint(circle(0, 52, 14), ChestTissue.VERTEBRA);
    }
    for (const side of [-1, 1]) {
      image.paint(capsule(9 * side, 66, 12 * side, 82, 4), ChestTissue.CORTICAL_BONE);
      image.paint(capsule(10 * side, 72, 30 * side, 70, 4), ChestTissue.CORTICAL_BONE);
    }
    image.paint(capsule(-12, 82, 12, 82, 3.5), ChestTissue.CORTICAL_BONE);
    image.paint(capsule(0, 84, 0, 94, 4), ChestTissue.CORTICAL_BONE);
    image.paint(circle(0, 74, 8), ChestTissue.SPINAL_CORD);
    if (z < Z.sternumTop && z > Z.sternumBottom) {
      const front = this.cavity().cy - this.cavity().ry - 3;
      image.paint(ellipse(0, front, 16, 7), ChestTissue.CORTICAL_BONE);
      image.paint(ellipse(0, front, 13, 4.5), ChestTissue.STERNUM);
    }
    this.paintRibs(image, z);
  }

  private paintRibs(image: LabelImage, z: number): void {
    const c = this.cavity();
    const outer = ellipse(0, c.cy, c.rx * 1.07, c.ry * 1.08);
    const innerRx = c.rx * 0.985;
    const innerRy = c.ry * 0.985;
    const over: readonly number[] = [ChestTissue.MUSCLE, ChestTissue.MEDIASTINAL_FAT, ChestTissue.LUNG, ChestTissue.FAT, ChestTissue.VESSEL];
    image.forEachPixel(outer, (i, x, y) => {
      const dy = y - c.cy;
      if ((x / innerRx) ** 2 + (dy / innerRy) ** 2 < 1) return;
      if (!over.includes(image.labels[i]!)) return;
      if (isRib(z, Math.atan2(Math.abs(x), dy))) image.labels[i] = ChestTissue.RIB;
    });
  }
}

export interface ChestLandmark {
  name: string;
  tissue: ChestTissue;
  /** Anatomy-frame point near which a pixel of `tissue` is chosen. */
  near: Vec3;
}

/** Named places whose exact value the manifest records for tests. */
export const CHEST_LANDMARKS: readonly ChestLandmark[] = [
  { name: 'aorta', tissue: ChestTissue.BLOOD, near: [20, 26, -140] },
  { name: 'left lung', tissue: ChestTissue.LUNG, near: [95, 5, -140] },
  { name: 'right lung', tissue: ChestTissue.LUNG, near: [-100, 20, -140] },
  { name: 'vertebral body', tissue: ChestTissue.VERTEBRA, near: [0, 52, -140] },
  { name: 'air outside body', tissue: ChestTissue.AIR, near: [-165, -165, -140] },
  { name: 'subcutaneous fat', tissue: ChestTissue.FAT, near: [152, -5, -140] },
  { name: 'heart', tissue: ChestTissue.HEART, near: [20, -28, -150] },
  { name: 'liver', tissue: ChestTissue.LIVER, near: [-60, 10, -235] },
];
