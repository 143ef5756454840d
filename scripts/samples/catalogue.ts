import { centredScout, centredStack, voxelCentre, type AxialStack, type CoronalScout, type Vec3 } from './geometry.ts';
import type { ColourChart } from './phantoms/colour-chart.ts';
import type { ChestAnatomy } from './phantoms/ct-chest.ts';
import type { EchoLoop } from './phantoms/us-cardiac.ts';
import type { MrHeadPhantom } from './series/mr.ts';
import { TransferSyntax, type TransferSyntaxUid } from './transfer-syntaxes.ts';

/**
 * The synthetic sample studies. Adding a study is one entry in CATALOGUE; the phantom
 * kinds are implemented in series/.
 */

export interface Patient {
  /** DICOM PN: components separated by ^. */
  name: string;
  id: string;
  issuer: string;
  birthDate: string;
  sex: 'M' | 'F' | 'O';
}

export type PhantomSpec =
  | { kind: 'ct-chest'; anatomy: ChestAnatomy; stack: AxialStack }
  | { kind: 'ct-chest-scout'; anatomy: ChestAnatomy; scout: CoronalScout }
  | { kind: 'ct-head'; stack: AxialStack }
  | ({ kind: 'mr-head' } & MrHeadPhantom)
  | { kind: 'dx-chest'; rows: number; columns: number; spacing: number; modality?: 'DX' | 'CR' }
  | { kind: 'us-echo'; loop: EchoLoop; frameTimeMs: number }
  | { kind: 'colour-chart'; chart: ColourChart; planar: boolean };

export interface SeriesEntry {
  key: string;
  number: number;
  description: string;
  transferSyntaxUID: TransferSyntaxUid;
  phantom: PhantomSpec;
  /** Record named pixel values and the known object of this series in the manifest. */
  knownValues?: boolean;
}

export interface StudyEntry {
  key: string;
  patient: Patient;
  date: string;
  time: string;
  studyId: string;
  accessionNumber: string;
  referringPhysician: string;
  description: string;
  bodyPart: string;
  /** Requested Procedure Priority in the Request Attributes Sequence (the reading order puts STAT first). */
  priority?: 'STAT' | 'HIGH' | 'ROUTINE';
  series: SeriesEntry[];
}

const ISSUER = 'READROOM-TEST';

const MUELLER: Patient = { name: 'Müller^Jürgen', id: 'RR100001', issuer: ISSUER, birthDate: '19580412', sex: 'M' };
const VAN_DER_BERG: Patient = { name: 'van der Berg^Anna Maria', id: 'RR100002', issuer: ISSUER, birthDate: '19790921', sex: 'F' };
const OKAFOR: Patient = { name: 'Okafor^Chinedu', id: 'RR100003', issuer: ISSUER, birthDate: '19660105', sex: 'M' };
const LINDQVIST: Patient = { name: 'Lindqvist^Sofia', id: 'RR100004', issuer: ISSUER, birthDate: '19900708', sex: 'F' };
const TANAKA: Patient = { name: 'Tanaka^Yui', id: 'RR100005', issuer: ISSUER, birthDate: '19851130', sex: 'F' };
/**
 * Markup in names and descriptions must always be shown as text. PN cannot carry an
 * `<img src=x onerror=…>` payload: `=` separates a PN's alphabetic, ideographic and phonetic
 * groups. The attribute-style payload goes into the series description (LO) instead.
 */
/**
 * Prior-matching cases: the same Patient ID under another issuer (another hospital's patient, never
 * Müller's) and the same name and birth date under another ID (a possible match, to be verified).
 */
const HANSEN_OTHER_ISSUER: Patient = { name: 'Hansen^Ole', id: MUELLER.id, issuer: 'NORDKLINIK', birthDate: '19710923', sex: 'M' };
const MUELLER_OTHER_ID: Patient = { name: MUELLER.name, id: 'ST-448812', issuer: 'STADTSPITAL', birthDate: MUELLER.birthDate, sex: 'M' };
const NGATA: Patient = { name: 'Ngata^Aroha', id: 'RR100006', issuer: ISSUER, birthDate: '19720214', sex: 'F' };
const MARKUP: Patient = { name: '<b>Bold</b><script>window.__xss++</script>^Script', id: 'RR666666', issuer: ISSUER, birthDate: '20000101', sex: 'O' };

/** 12-bit RGB in 16 bits: 6 × 4 patches of 16 pixels, values above 255 in every channel. */
export const COLOUR_CHART: ColourChart = { patchesAcross: 6, patchesDown: 4, patchSize: 16, bitsStored: 12 };

/** Current chest CT: 220 slices of 1.25 mm, 512², head first; slice 0 at z = −30. */
export const CURRENT_CHEST_STACK = centredStack({
  rows: 512,
  columns: 512,
  pixelSpacing: 0.703125,
  zStep: -1.25,
  sliceThickness: 1.25,
  count: 220,
  firstZ: -30,
});
const CURRENT_CHEST_OFFSET: Vec3 = [0, 0, -30];
/**
 * The known object: a 20 mm nodule of the current chest CT, centred on a pixel's row and column and,
 * along the table, midway between slices 104 and 105 (0-based). So 16 slices of 1.25 mm cut it, which
 * span 20 mm by their edges: a reader measures 20 mm in the coronal and sagittal planes as in the axial.
 * `NODULE_VOXEL` is the voxel named as its centre: on the slice just above it.
 */
export const NODULE_VOXEL = { index: 104, row: 220, column: 142 } as const;
export const NODULE_DIAMETER_MM = 20;

function anatomyPoint(world: Vec3, offset: Vec3): Vec3 {
  return [world[0] - offset[0], world[1] - offset[1], world[2] - offset[2]];
}

const NODULE_VOXEL_CENTRE = voxelCentre(CURRENT_CHEST_STACK, NODULE_VOXEL.index, NODULE_VOXEL.row, NODULE_VOXEL.column);
const NODULE_CENTRE = anatomyPoint(
  [NODULE_VOXEL_CENTRE[0], NODULE_VOXEL_CENTRE[1], NODULE_VOXEL_CENTRE[2] + CURRENT_CHEST_STACK.zStep / 2],
  CURRENT_CHEST_OFFSET,
);

export const CURRENT_CHEST_ANATOMY: ChestAnatomy = {
  seed: 1001,
  noiseSeed: 1,
  offset: CURRENT_CHEST_OFFSET,
  bodyScale: 1,
  nodule: { centre: NODULE_CENTRE, diameterMm: NODULE_DIAMETER_MM },
};

/** A year earlier: lying 3 mm further left and 4 mm higher, a little slimmer, nodule smaller. */
const PRIOR_CHEST_ANATOMY: ChestAnatomy = {
  seed: 1001,
  noiseSeed: 2,
  offset: [3, -4, -18],
  bodyScale: 0.97,
  nodule: { centre: NODULE_CENTRE, diameterMm: 14 },
};

/** Three and a half years before the current one: smaller nodule, 5 mm slices (a small, quick series). */
const OLDER_CHEST_ANATOMY: ChestAnatomy = {
  seed: 1001,
  noiseSeed: 3,
  offset: [-2, 3, -24],
  bodyScale: 0.95,
  nodule: { centre: NODULE_CENTRE, diameterMm: 8 },
};
/** Small chest stacks for the prior-matching studies: 256², 5 mm. */
export const SMALL_CHEST_STACK = centredStack({ rows: 256, columns: 256, pixelSpacing: 1.40625, zStep: -5, sliceThickness: 5, count: 40, firstZ: -25 });
const SMALL_CHEST_ANATOMY = (noiseSeed: number, bodyScale: number): ChestAnatomy => ({ seed: 2000 + noiseSeed, noiseSeed, offset: [0, 0, -28], bodyScale });
const OTHER_ISSUER_ANATOMY = SMALL_CHEST_ANATOMY(4, 1.05);
/**
 * The scout of the other issuer's chest CT: 320 × 256 pixels of 1.25 mm from z = 0 down to z = −318.75,
 * so its axial slices (z = −25 … −220, 5 mm apart) cross it along rows 20 … 176, 4 rows apart.
 */
export const OTHER_ISSUER_SCOUT = centredScout({ rows: 256, columns: 320, pixelSpacing: 1.25, topZ: 0, depth: { yMin: -140, yMax: 140 } });

const HEAD_CT_STACK = centredStack({ rows: 512, columns: 512, pixelSpacing: 0.48828125, zStep: 4, sliceThickness: 4, count: 40, firstZ: -24 });
const MR_BRAIN_STACK = centredStack({ rows: 256, columns: 256, pixelSpacing: 0.9375, zStep: 6, sliceThickness: 5, count: 20, firstZ: -10 });
/** Diffusion at the usual coarser matrix: the same 240 mm field and the same slices as T1/T2, 128². */
const MR_BRAIN_DWI_STACK = centredStack({ rows: 128, columns: 128, pixelSpacing: 1.875, zStep: 6, sliceThickness: 5, count: 20, firstZ: -10 });
const PRIOR_HEAD_STACK = centredStack({ rows: 256, columns: 256, pixelSpacing: 0.9765625, zStep: 5, sliceThickness: 5, count: 12, firstZ: -24 });
const SMALL_HEAD_STACK = centredStack({ rows: 256, columns: 256, pixelSpacing: 0.9765625, zStep: 5, sliceThickness: 5, count: 4, firstZ: 30 });

export const CATALOGUE: readonly StudyEntry[] = [
  {
    key: 'ct-chest-current',
    patient: MUELLER,
    date: '20240314',
    time: '101500',
    studyId: '1',
    accessionNumber: 'ACC2024031401',
    referringPhysician: 'Schneider^Petra^^Dr.',
    description: 'CT Thorax ohne KM',
    bodyPart: 'CHEST',
    series: [
      {
        key: 'axial',
        number: 2,
        description: 'Thorax 1.25 mm axial',
        transferSyntaxUID: TransferSyntax.jpegLsLossless,
        phantom: { kind: 'ct-chest', anatomy: CURRENT_CHEST_ANATOMY, stack: CURRENT_CHEST_STACK },
        knownValues: true,
      },
    ],
  },
  {
    key: 'ct-chest-prior',
    patient: MUELLER,
    date: '20230302',
    time: '094000',
    studyId: '1',
    accessionNumber: 'ACC2023030207',
    referringPhysician: 'Schneider^Petra^^Dr.',
    description: 'CT Thorax ohne KM',
    bodyPart: 'CHEST',
    series: [
      {
        key: 'axial',
        number: 2,
        description: 'Thorax 1.25 mm axial',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: {
          kind: 'ct-chest',
          anatomy: PRIOR_CHEST_ANATOMY,
          stack: centredStack({ rows: 512, columns: 512, pixelSpacing: 0.703125, zStep: -1.25, sliceThickness: 1.25, count: 200, firstZ: -22 }),
        },
      },
    ],
  },
  {
    key: 'ct-chest-older',
    patient: MUELLER,
    date: '20200915',
    time: '141000',
    studyId: '1',
    accessionNumber: 'ACC2020091514',
    referringPhysician: 'Schneider^Petra^^Dr.',
    description: 'CT Thorax',
    bodyPart: 'CHEST',
    series: [
      {
        key: 'axial',
        number: 3,
        description: 'Thorax 5 mm axial',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'ct-chest', anatomy: OLDER_CHEST_ANATOMY, stack: SMALL_CHEST_STACK },
      },
    ],
  },
  {
    key: 'ct-head-prior',
    patient: MUELLER,
    date: '20231005',
    time: '073000',
    studyId: '1',
    accessionNumber: 'ACC2023100502',
    referringPhysician: 'Wagner^Lena',
    description: 'CT Schädel nativ',
    bodyPart: 'HEAD',
    series: [
      {
        key: 'axial',
        number: 2,
        description: 'Schädel 5 mm axial',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'ct-head', stack: PRIOR_HEAD_STACK },
      },
    ],
  },
  {
    key: 'cr-chest-prior',
    patient: MUELLER,
    date: '20231120',
    time: '161500',
    studyId: '1',
    accessionNumber: 'ACC2023112031',
    referringPhysician: 'Schneider^Petra^^Dr.',
    description: 'Röntgen Thorax pa',
    bodyPart: 'CHEST',
    series: [
      {
        key: 'pa',
        number: 1,
        description: 'Thorax pa',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'dx-chest', modality: 'CR', rows: 640, columns: 512, spacing: 0.68 },
      },
    ],
  },
  {
    key: 'ct-chest-other-issuer',
    patient: HANSEN_OTHER_ISSUER,
    date: '20230815',
    time: '110000',
    studyId: '1',
    accessionNumber: 'NK2023081507',
    referringPhysician: 'Berg^Erik',
    description: 'CT Chest',
    bodyPart: 'CHEST',
    series: [
      {
        key: 'scout',
        number: 1,
        description: 'Scout AP',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'ct-chest-scout', anatomy: OTHER_ISSUER_ANATOMY, scout: OTHER_ISSUER_SCOUT },
      },
      {
        key: 'axial',
        number: 2,
        description: 'Chest 5 mm axial',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'ct-chest', anatomy: OTHER_ISSUER_ANATOMY, stack: SMALL_CHEST_STACK },
      },
    ],
  },
  {
    key: 'ct-chest-same-name',
    patient: MUELLER_OTHER_ID,
    date: '20220510',
    time: '090000',
    studyId: '1',
    accessionNumber: 'SS2022051003',
    referringPhysician: 'Keller^Urs',
    description: 'CT Thorax',
    bodyPart: 'CHEST',
    series: [
      {
        key: 'axial',
        number: 2,
        description: 'Thorax 5 mm axial',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'ct-chest', anatomy: SMALL_CHEST_ANATOMY(5, 0.92), stack: SMALL_CHEST_STACK },
      },
    ],
  },
  {
    key: 'ct-head',
    patient: OKAFOR,
    date: '20240310',
    time: '231200',
    studyId: '1',
    accessionNumber: 'ACC2024031022',
    referringPhysician: 'Adeyemi^Tunde',
    description: 'CT Head without contrast',
    bodyPart: 'HEAD',
    series: [
      {
        key: 'axial',
        number: 1,
        description: 'Head 4 mm axial',
        transferSyntaxUID: TransferSyntax.rleLossless,
        phantom: { kind: 'ct-head', stack: HEAD_CT_STACK },
      },
    ],
  },
  {
    key: 'mr-brain',
    patient: VAN_DER_BERG,
    date: '20240220',
    time: '143000',
    studyId: '1',
    accessionNumber: 'ACC2024022009',
    referringPhysician: 'de Vries^Maarten',
    description: 'MRI Brain',
    bodyPart: 'BRAIN',
    series: [
      {
        key: 't1-axial',
        number: 3,
        description: 'T1 SE axial',
        transferSyntaxUID: TransferSyntax.jpegLossless,
        phantom: { kind: 'mr-head', weighting: 'T1', stack: MR_BRAIN_STACK, echoTimeMs: 12, repetitionTimeMs: 550 },
      },
      {
        key: 't2-axial',
        number: 4,
        description: 'T2 TSE axial',
        transferSyntaxUID: TransferSyntax.jpeg2000Lossless,
        phantom: { kind: 'mr-head', weighting: 'T2', stack: MR_BRAIN_STACK, echoTimeMs: 100, repetitionTimeMs: 4000 },
      },
      {
        key: 'flair-axial',
        number: 5,
        description: 'FLAIR axial',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'mr-head', weighting: 'FLAIR', stack: MR_BRAIN_STACK, echoTimeMs: 90, repetitionTimeMs: 9000, inversionTimeMs: 2500 },
      },
      {
        key: 'dwi-axial',
        number: 6,
        description: 'DWI b1000 trace axial',
        transferSyntaxUID: TransferSyntax.rleLossless,
        phantom: { kind: 'mr-head', weighting: 'DWI', stack: MR_BRAIN_DWI_STACK, echoTimeMs: 89, repetitionTimeMs: 5000, diffusionBValue: 1000 },
      },
    ],
  },
  {
    key: 'dx-chest',
    patient: LINDQVIST,
    date: '20240312',
    time: '081000',
    studyId: '1',
    accessionNumber: 'ACC2024031203',
    referringPhysician: 'Berg^Karin',
    description: 'XR Chest PA',
    bodyPart: 'CHEST',
    priority: 'STAT',
    series: [
      {
        key: 'pa',
        number: 1,
        description: 'Chest PA',
        transferSyntaxUID: TransferSyntax.jpeg2000Lossless,
        phantom: { kind: 'dx-chest', rows: 2560, columns: 2048, spacing: 0.17 },
      },
    ],
  },
  {
    key: 'us-echo',
    patient: TANAKA,
    date: '20240313',
    time: '113000',
    studyId: '1',
    accessionNumber: 'ACC2024031311',
    referringPhysician: 'Sato^Haruki',
    description: 'Echocardiogram',
    bodyPart: 'HEART',
    series: [
      {
        key: 'cine',
        number: 1,
        description: 'Apical view colour Doppler',
        transferSyntaxUID: TransferSyntax.jpegBaseline,
        phantom: { kind: 'us-echo', loop: { width: 640, height: 480, frames: 20 }, frameTimeMs: 40 },
      },
    ],
  },
  {
    key: 'colour-12bit',
    patient: NGATA,
    date: '20240305',
    time: '150000',
    studyId: '1',
    accessionNumber: 'ACC2024030517',
    referringPhysician: 'Walker^Tom',
    description: 'Colour chart 12-bit RGB',
    bodyPart: '',
    series: [
      {
        key: 'evrle',
        number: 1,
        description: 'RGB 12 bits stored, pixel-interleaved',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'colour-chart', chart: COLOUR_CHART, planar: false },
      },
      {
        key: 'planar',
        number: 2,
        description: 'RGB 12 bits stored, one plane per colour',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'colour-chart', chart: COLOUR_CHART, planar: true },
      },
      {
        key: 'rle',
        number: 3,
        description: 'RGB 12 bits stored, RLE',
        transferSyntaxUID: TransferSyntax.rleLossless,
        phantom: { kind: 'colour-chart', chart: COLOUR_CHART, planar: false },
      },
    ],
  },
  {
    key: 'markup',
    patient: MARKUP,
    date: '20240101',
    time: '120000',
    studyId: '1',
    accessionNumber: 'ACC<i>1</i>',
    referringPhysician: '<u>Under</u>^Line',
    description: '<script>window.__xss=1</script> CT',
    bodyPart: 'HEAD',
    series: [
      {
        key: 'axial',
        number: 1,
        description: '<img src=x onerror="window.__xss=2">',
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: { kind: 'ct-head', stack: SMALL_HEAD_STACK },
      },
    ],
  },
];
