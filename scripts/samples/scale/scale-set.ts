import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from '../../lib/paths.ts';
import { stowFiles, type DicomWebTarget } from '../stow.ts';
import { deterministicUid } from '../uids.ts';
import { part10Bytes, type NaturalDataset } from '../write-part10.ts';

/**
 * An opt-in set of many tiny studies for measuring the worklist at scale (not part of the default
 * samples): single-instance 64×64 8-bit CT-like images in Explicit VR Little Endian, deterministic
 * UIDs and values, study dates spread over three years (2023-01-01 … 2025-12-31).
 */
export interface ScaleSetOptions {
  studies: number;
  patients: number;
}

export const DEFAULT_SCALE_SET: ScaleSetOptions = { studies: 10_000, patients: 2_000 };

const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 3 * 365;
const FAMILY = [
  'Nguyen',
  'Schmidt',
  'Garcia',
  'Kowalski',
  'Okoye',
  'Larsen',
  'Rossi',
  'Haddad',
  'Silva',
  'Novak',
  'Kim',
  'Fischer',
  'Moreau',
  'Ivanova',
  'Mensah',
  'Costa',
];
const GIVEN = ['Ana', 'Ben', 'Chloe', 'David', 'Elif', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Liam', 'Mei', 'Nils', 'Omar', 'Priya'];
const MODALITIES = ['CT', 'MR', 'CR', 'US', 'DX', 'MG'];
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

/** A small deterministic integer hash (so every value is reproducible from the study index). */
function mix(n: number, salt: number): number {
  let x = (n * 2654435761 + salt * 40503) >>> 0;
  x = (x ^ (x >>> 16)) * 73244475;
  return (x ^ (x >>> 16)) >>> 0;
}

function da(day: number): string {
  const d = new Date(FIRST_DAY + day * 86_400_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

export function scaleStudyDataset(index: number, opts: ScaleSetOptions): NaturalDataset {
  const patient = index % opts.patients;
  const modality = MODALITIES[mix(index, 3) % MODALITIES.length]!;
  const seconds = mix(index, 4) % 86_400;
  const time = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}${String(seconds % 60).padStart(2, '0')}`;
  const key = `scale/${index}`;
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: deterministicUid(`readroom/${key}/instance`),
    PatientName: [{ Alphabetic: `${FAMILY[patient % FAMILY.length]}^${GIVEN[Math.floor(patient / FAMILY.length) % GIVEN.length]} ${patient}` }],
    PatientID: `SC${String(patient).padStart(6, '0')}`,
    IssuerOfPatientID: 'READROOM-SCALE',
    PatientBirthDate: da(-20_000 + (mix(patient, 1) % 15_000)),
    PatientSex: patient % 2 ? 'F' : 'M',
    StudyInstanceUID: deterministicUid(`readroom/${key}/study`),
    StudyDate: da(mix(index, 2) % DAYS),
    StudyTime: time,
    StudyID: '1',
    AccessionNumber: `SCA${String(index).padStart(7, '0')}`,
    ReferringPhysicianName: [{ Alphabetic: `${FAMILY[mix(index, 5) % FAMILY.length]}^${GIVEN[mix(index, 6) % GIVEN.length]}` }],
    StudyDescription: `${modality} scale study ${index}`,
    Modality: modality,
    SeriesInstanceUID: deterministicUid(`readroom/${key}/series`),
    SeriesNumber: 1,
    InstanceNumber: 1,
    ConversionType: 'WSD',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: 64,
    Columns: 64,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
  };
}

function scalePixels(index: number): Uint8Array {
  const pixels = new Uint8Array(64 * 64);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % 64) + Math.floor(i / 64) + index) & 0xff;
  return pixels;
}

function scaleVersion(opts: ScaleSetOptions): string {
  const hash = createHash('sha256').update(JSON.stringify(opts));
  const dir = path.dirname(fileURLToPath(import.meta.url));
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
    .sort())
    hash.update(readFileSync(path.join(dir, name)));
  hash.update(readFileSync(fileURLToPath(new URL('../write-part10.ts', import.meta.url))));
  return hash.digest('hex').slice(0, 16);
}

/** Writes the set once into .cache/samples-scale/<version>/ and returns its files. */
export function ensureScaleSet(opts: ScaleSetOptions = DEFAULT_SCALE_SET, log: (m: string) => void = console.log): string[] {
  const dir = path.join(CACHE_DIR, 'samples-scale', scaleVersion(opts));
  const list = path.join(dir, 'files.json');
  if (existsSync(list)) return (JSON.parse(readFileSync(list, 'utf8')) as string[]).map((f) => path.join(dir, f));
  const started = Date.now();
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < opts.studies; i++) {
    const file = `${String(i).padStart(6, '0')}.dcm`;
    writeFileSync(path.join(scratch, file), part10Bytes(scaleStudyDataset(i, opts), scalePixels(i)));
    files.push(file);
  }
  writeFileSync(path.join(scratch, 'files.json'), JSON.stringify(files));
  if (!existsSync(dir)) renameSync(scratch, dir);
  rmSync(scratch, { recursive: true, force: true });
  log(`Scale set: ${opts.studies} studies for ${opts.patients} patients written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return files.map((f) => path.join(dir, f));
}

/** Stores the scale set (STOW-RS, 100 files a request). Not idempotent-cheap: meant for fresh benchmark archives. */
export async function seedScaleSet(
  archive: DicomWebTarget,
  opts: ScaleSetOptions = DEFAULT_SCALE_SET,
  log: (m: string) => void = console.log,
): Promise<number> {
  const files = ensureScaleSet(opts, log);
  const started = Date.now();
  const stored = await stowFiles(archive, files, { batchSize: 100 });
  log(`Scale set: stored ${stored} instances in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return stored;
}
