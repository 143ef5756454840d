import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from '../../lib/paths.ts';
import { CURRENT_CHEST_ANATOMY, type StudyEntry } from '../catalogue.ts';
import { centredStack } from '../geometry.ts';
import { planSeries } from '../series/index.ts';
import { stowFiles, type DicomWebTarget } from '../stow.ts';
import { TransferSyntax } from '../transfer-syntaxes.ts';
import { sampleUids } from '../uids.ts';
import { part10Bytes } from '../write-part10.ts';

/**
 * An opt-in CT study with one very long series (default 2,000 slices of 512×512, 16-bit, 0.5 mm apart,
 * the chest phantom) for checking that the viewer scrolls such a series end to end within its cache
 * budget. Not part of the default samples: about 1 GB on disk and in the archive. Explicit VR Little
 * Endian, so writing it needs no encoder.
 *   npm run seed -- --long-series [--long-series-slices 2000]
 */
export const DEFAULT_LONG_SERIES_SLICES = 2000;

export function longSeriesStudy(slices: number): StudyEntry {
  return {
    key: `long-series-${slices}`,
    patient: { name: 'Langer^Lena', id: 'RR100900', issuer: 'READROOM-TEST', birthDate: '19700101', sex: 'F' },
    date: '20240601',
    time: '120000',
    studyId: '1',
    accessionNumber: `ACCLONG${slices}`,
    referringPhysician: 'Schneider^Petra^^Dr.',
    description: `CT long series (${slices} slices)`,
    bodyPart: 'CHEST',
    series: [
      {
        key: 'axial',
        number: 2,
        description: `Chest-abdomen 0.5 mm axial, ${slices} slices`,
        transferSyntaxUID: TransferSyntax.explicitLittleEndian,
        phantom: {
          kind: 'ct-chest',
          anatomy: CURRENT_CHEST_ANATOMY,
          stack: centredStack({
            rows: 512,
            columns: 512,
            pixelSpacing: 0.703125,
            zStep: -0.5,
            sliceThickness: 0.5,
            count: slices,
            firstZ: (slices * 0.5) / 2 - 30,
          }),
        },
      },
    ],
  };
}

function version(slices: number): string {
  const hash = createHash('sha256').update(String(slices));
  const dir = path.dirname(fileURLToPath(import.meta.url));
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort())
    hash.update(readFileSync(path.join(dir, name)));
  for (const dep of ['../catalogue.ts', '../series/ct.ts', '../phantoms/ct-chest.ts', '../write-part10.ts'])
    hash.update(readFileSync(fileURLToPath(new URL(dep, import.meta.url))));
  return hash.digest('hex').slice(0, 16);
}

export interface LongSeries {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  files: string[];
}

/** Writes the study once into .cache/samples-long/<version>/ and returns its files. */
export function ensureLongSeries(slices = DEFAULT_LONG_SERIES_SLICES, log: (m: string) => void = console.log): LongSeries {
  const study = longSeriesStudy(slices);
  const series = study.series[0]!;
  const uids = { studyInstanceUID: sampleUids.study(study.key), seriesInstanceUID: sampleUids.series(study.key, series.key) };
  const dir = path.join(CACHE_DIR, 'samples-long', version(slices));
  const list = path.join(dir, 'files.json');
  if (existsSync(list)) return { ...uids, files: (JSON.parse(readFileSync(list, 'utf8')) as string[]).map((f) => path.join(dir, f)) };
  const started = Date.now();
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const plan = planSeries(study, series);
  const files: string[] = [];
  for (let index = 0; index < plan.instanceCount; index++) {
    const draft = plan.instance(index);
    const file = `${String(index + 1).padStart(5, '0')}.dcm`;
    writeFileSync(path.join(scratch, file), part10Bytes(draft.dataset, draft.pixelData));
    files.push(file);
    if ((index + 1) % 250 === 0) log(`Long series: ${index + 1} / ${plan.instanceCount} slices written`);
  }
  writeFileSync(path.join(scratch, 'files.json'), JSON.stringify(files));
  if (!existsSync(dir)) renameSync(scratch, dir);
  rmSync(scratch, { recursive: true, force: true });
  log(`Long series: ${slices} slices written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ...uids, files: files.map((f) => path.join(dir, f)) };
}

/** Stores the long series (STOW-RS, 20 files a request). */
export async function seedLongSeries(
  archive: DicomWebTarget,
  slices = DEFAULT_LONG_SERIES_SLICES,
  log: (m: string) => void = console.log,
): Promise<LongSeries> {
  const long = ensureLongSeries(slices, log);
  const started = Date.now();
  const stored = await stowFiles(archive, long.files, { batchSize: 20 });
  log(`Long series: stored ${stored} instances in ${((Date.now() - started) / 1000).toFixed(1)} s (study ${long.studyInstanceUID})`);
  return long;
}
