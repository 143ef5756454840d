import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../lib/paths.ts';
import { CATALOGUE, type SeriesEntry, type StudyEntry } from './catalogue.ts';
import { encodePart10 } from './compress.ts';
import { generatorVersion } from './generator-version.ts';
import { chestKnownValues, colourChartKnownValues } from './known-values.ts';
import { readManifest, type ManifestInstance, type ManifestSeries, type ManifestStudy, type SampleManifest } from './manifest.ts';
import { TaskPool } from './pool.ts';
import { preparePaletteStudy } from './palette/palette-study.ts';
import { preparePydicomStudy } from './pydicom-files.ts';
import { describeInstance } from './read-header.ts';
import { planSeries } from './series/index.ts';
import { TransferSyntax, transferSyntaxName } from './transfer-syntaxes.ts';
import { sampleUids } from './uids.ts';
import { part10Bytes } from './write-part10.ts';

export const SAMPLES_CACHE_DIR = path.join(CACHE_DIR, 'samples');

export interface GeneratedSamples {
  manifest: SampleManifest;
  manifestPath: string;
}

type Log = (message: string) => void;

/**
 * Writes every instance of a series; files that need another transfer syntax are written
 * as Explicit VR Little Endian to a scratch file and re-encoded by a CLI in the pool.
 */
async function writeSeries(study: StudyEntry, series: SeriesEntry, outDir: string, pool: TaskPool): Promise<ManifestSeries> {
  const plan = planSeries(study, series);
  const relativeDir = path.posix.join('synthetic', study.key, series.key);
  mkdirSync(path.join(outDir, relativeDir), { recursive: true });
  const instances: ManifestInstance[] = new Array(plan.instanceCount);
  const needsEncoding = series.transferSyntaxUID !== TransferSyntax.explicitLittleEndian;
  for (let index = 0; index < plan.instanceCount; index++) {
    const draft = plan.instance(index);
    const file = path.posix.join(relativeDir, `${String(index + 1).padStart(4, '0')}.dcm`);
    const target = path.join(outDir, file);
    const bytes = part10Bytes(draft.dataset, draft.pixelData);
    if (!needsEncoding) {
      writeFileSync(target, bytes);
      instances[index] = describeInstance(outDir, file);
      continue;
    }
    const scratch = `${target}.evrle`;
    writeFileSync(scratch, bytes);
    await pool.submit(async () => {
      await encodePart10(scratch, target, series.transferSyntaxUID);
      unlinkSync(scratch);
      instances[index] = describeInstance(outDir, file);
    });
  }
  await pool.drain();
  return {
    seriesInstanceUID: sampleUids.series(study.key, series.key),
    seriesNumber: series.number,
    modality: plan.modality,
    description: series.description,
    transferSyntaxUID: series.transferSyntaxUID,
    instances,
  };
}

async function writeStudy(study: StudyEntry, outDir: string, pool: TaskPool, log: Log): Promise<ManifestStudy> {
  const series: ManifestSeries[] = [];
  for (const entry of study.series) {
    const started = Date.now();
    series.push(await writeSeries(study, entry, outDir, pool));
    const count = series.at(-1)!.instances.length;
    log(`  ${study.key}/${entry.key}: ${count} instance(s), ${transferSyntaxName(entry.transferSyntaxUID)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return {
    key: study.key,
    patientName: study.patient.name,
    patientId: study.patient.id,
    issuerOfPatientId: study.patient.issuer,
    studyInstanceUID: sampleUids.study(study.key),
    studyDate: study.date,
    studyTime: study.time,
    accessionNumber: study.accessionNumber,
    description: study.description,
    source: 'synthetic',
    series,
  };
}

function knownValues(): Pick<SampleManifest, 'knownPixels' | 'knownObject' | 'knownColourPixels'> {
  const marked = CATALOGUE.flatMap((study) => study.series.filter((s) => s.knownValues).map((series) => ({ study, series })));
  if (marked.length !== 1) throw new Error(`Exactly one catalogue series must have knownValues (found ${marked.length})`);
  return { ...chestKnownValues(marked[0]!.study, marked[0]!.series), knownColourPixels: colourChartKnownValues(CATALOGUE) };
}

async function generateInto(outDir: string, version: string, log: Log): Promise<SampleManifest> {
  const pool = new TaskPool();
  const studies: ManifestStudy[] = [];
  for (const study of CATALOGUE) studies.push(await writeStudy(study, outDir, pool, log));
  const started = Date.now();
  studies.push(await preparePydicomStudy(outDir, pool));
  log(`  pydicom: ${studies.at(-1)!.series.length} test files, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  studies.push(preparePaletteStudy(outDir));
  log(`  palette: ${studies.at(-1)!.series.length} series written with pydicom`);
  return { version, studies, ...knownValues() };
}

/** Complete sample sets kept besides the current one (a run started before an edit may still read one). */
const OLDER_VERSIONS_KEPT = 1;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Deletes older complete sample sets and scratch folders left by processes that died. */
function pruneCache(current: string): void {
  const entries = readdirSync(SAMPLES_CACHE_DIR);
  for (const name of entries) {
    const pid = /\.partial-(\d+)$/.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) rmSync(path.join(SAMPLES_CACHE_DIR, name), { recursive: true, force: true });
  }
  const older = entries
    .filter((name) => name !== current && existsSync(path.join(SAMPLES_CACHE_DIR, name, 'manifest.json')))
    .sort((a, b) => statSync(path.join(SAMPLES_CACHE_DIR, b, 'manifest.json')).mtimeMs - statSync(path.join(SAMPLES_CACHE_DIR, a, 'manifest.json')).mtimeMs);
  for (const name of older.slice(OLDER_VERSIONS_KEPT)) rmSync(path.join(SAMPLES_CACHE_DIR, name), { recursive: true, force: true });
}

/**
 * Returns the sample set, generating it first unless the cache folder for this generator
 * version already holds a complete one (manifest.json is written last, and the folder
 * appears atomically by renaming a scratch folder).
 */
export async function ensureSamples(log: Log = console.log): Promise<GeneratedSamples> {
  const version = await generatorVersion();
  const dir = path.join(SAMPLES_CACHE_DIR, version);
  const manifestPath = path.join(dir, 'manifest.json');
  if (existsSync(manifestPath)) return { manifest: readManifest(manifestPath), manifestPath };

  const started = Date.now();
  log(`Generating sample studies into ${dir}`);
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const manifest = await generateInto(scratch, version, log);
    writeFileSync(path.join(scratch, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (existsSync(dir) && !existsSync(manifestPath)) rmSync(dir, { recursive: true, force: true });
    if (!existsSync(dir)) renameSync(scratch, dir);
  } finally {
    // Also cleans up when another process finished the same version first.
    rmSync(scratch, { recursive: true, force: true });
  }
  pruneCache(version);
  log(`Sample studies generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { manifest: readManifest(manifestPath), manifestPath };
}
