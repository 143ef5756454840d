import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestSeries, ManifestStudy } from '../manifest.ts';
import { describeInstance } from '../read-header.ts';
import { TransferSyntax } from '../transfer-syntaxes.ts';
import { sampleUids } from '../uids.ts';

/**
 * PALETTE COLOR ultrasound written with pydicom (build-palette.py beside this file): the class of input
 * that drew a black viewport (a real multi-frame palette RLE echo file with 16-bit palette entries).
 * One study, one multi-frame instance per series; UIDs from the synthetic samples' scheme (uids.ts).
 */

/** What build-palette.py makes of a series (see its `palette` and `frames`). */
export interface PaletteRecipe {
  lut: 'lut16' | 'lut8' | 'first-mapped16' | 'full16' | 'words8' | 'values8in16' | 'segmented16';
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: 8 | 16;
  transferSyntax: 'rle' | 'evrle';
}

export interface PaletteSeries {
  key: string;
  number: number;
  description: string;
  recipe: PaletteRecipe;
}

const ECHO = { rows: 91, columns: 121, bitsAllocated: 8 } as const;

export const PALETTE_SERIES: readonly PaletteSeries[] = [
  {
    key: 'rle-lut16',
    number: 1,
    description: 'Palette RLE, 10 frames, 16-bit LUT entries',
    recipe: { ...ECHO, lut: 'lut16', frames: 10, transferSyntax: 'rle' },
  },
  {
    key: 'native-lut8',
    number: 2,
    description: 'Palette native, 10 frames, 8-bit LUT entries',
    recipe: { ...ECHO, lut: 'lut8', frames: 10, transferSyntax: 'evrle' },
  },
  {
    key: 'segmented',
    number: 3,
    description: 'Segmented palette, odd-length pixel data',
    recipe: { ...ECHO, lut: 'segmented16', frames: 1, transferSyntax: 'evrle' },
  },
  {
    key: 'first-mapped',
    number: 4,
    description: 'Palette RLE, first mapped value 16, 200 entries',
    recipe: { ...ECHO, lut: 'first-mapped16', frames: 2, transferSyntax: 'rle' },
  },
  {
    key: 'pixels16',
    number: 5,
    description: 'Palette RLE, 16-bit pixels, 65536 entries',
    recipe: { rows: 64, columns: 72, bitsAllocated: 16, lut: 'full16', frames: 2, transferSyntax: 'rle' },
  },
  {
    key: 'words8',
    number: 6,
    description: 'Palette RLE, 8-bit descriptor, 16-bit words',
    recipe: { ...ECHO, lut: 'words8', frames: 3, transferSyntax: 'rle' },
  },
  {
    key: 'values8in16',
    number: 7,
    description: 'Palette native, 16-bit descriptor, 8-bit values',
    recipe: { ...ECHO, lut: 'values8in16', frames: 2, transferSyntax: 'evrle' },
  },
];

export const PALETTE_STUDY = {
  key: 'us-palette',
  patientName: 'Haddad^Lina',
  patientId: 'RR100007',
  issuerOfPatientId: 'READROOM-TEST',
  patientBirthDate: '19830517',
  patientSex: 'F',
  studyDate: '20240311',
  studyTime: '094500',
  accessionNumber: 'ACC2024031105',
  referringPhysician: 'Nasser^Omar',
  description: 'Echocardiogram palette colour',
} as const;

const SUBDIR = 'palette';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-palette.py');
/** Debian's python3 (the one that sees python3-pydicom), not a pyenv one on PATH. */
const PYTHON = '/usr/bin/python3';

/** Writes the palette files under `outDir/palette/` and describes them as one study. */
export function preparePaletteStudy(outDir: string): ManifestStudy {
  mkdirSync(path.join(outDir, SUBDIR), { recursive: true });
  const study = PALETTE_STUDY;
  const studyInstanceUID = sampleUids.study(study.key);
  const files = PALETTE_SERIES.map((s) => path.posix.join(SUBDIR, `${s.key}.dcm`));
  const spec = {
    study: {
      date: study.studyDate,
      time: study.studyTime,
      accessionNumber: study.accessionNumber,
      referringPhysician: study.referringPhysician,
      description: study.description,
      patientName: study.patientName,
      patientId: study.patientId,
      issuerOfPatientId: study.issuerOfPatientId,
      patientBirthDate: study.patientBirthDate,
      patientSex: study.patientSex,
      studyInstanceUID,
    },
    series: PALETTE_SERIES.map((s, i) => ({
      number: s.number,
      description: s.description,
      seriesInstanceUID: sampleUids.series(study.key, s.key),
      sopInstanceUID: sampleUids.instance(study.key, s.key, 0),
      path: path.join(outDir, files[i]!),
      recipe: s.recipe,
    })),
  };
  execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(spec), stdio: ['pipe', 'inherit', 'inherit'] });
  const series = PALETTE_SERIES.map((s, i): ManifestSeries => ({
    seriesInstanceUID: sampleUids.series(study.key, s.key),
    seriesNumber: s.number,
    modality: 'US',
    description: s.description,
    transferSyntaxUID: s.recipe.transferSyntax === 'rle' ? TransferSyntax.rleLossless : TransferSyntax.explicitLittleEndian,
    instances: [{ ...describeInstance(outDir, files[i]!), origin: `written with pydicom by scripts/samples/palette/build-palette.py (${s.recipe.lut})` }],
  }));
  return {
    key: study.key,
    patientName: study.patientName,
    patientId: study.patientId,
    issuerOfPatientId: study.issuerOfPatientId,
    studyInstanceUID,
    studyDate: study.studyDate,
    studyTime: study.studyTime,
    accessionNumber: study.accessionNumber,
    description: study.description,
    source: 'palette',
    series,
  };
}
