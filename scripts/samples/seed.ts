import { ensureSamples } from './generate.ts';
import { instancePath, type ManifestStudy, type SampleManifest } from './manifest.ts';
import { stowFiles, targetHeaders, type DicomWebTarget } from './stow.ts';

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;
const SOP_INSTANCE_UID = '00080018';
const NUMBER_OF_STUDY_RELATED_INSTANCES = '00201208';

async function qido(target: DicomWebTarget, query: string): Promise<DicomJson[]> {
  const url = `${target.dicomWebRoot.replace(/\/+$/, '')}${query}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: targetHeaders(target, { Accept: 'application/dicom+json' }) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? String(error);
    throw new Error(`Cannot reach the archive's DICOMweb service (${reason}): ${url}`, { cause: error });
  }
  const text = await response.text();
  if (response.status === 204 || (response.ok && text === '')) return [];
  if (!response.ok) throw new Error(`QIDO-RS ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as DicomJson[];
}

const firstValue = (item: DicomJson | undefined, tag: string) => item?.[tag]?.Value?.[0];

/** SOP Instance UIDs of one study already in the archive (UIDs are digits and dots: no encoding needed). */
async function storedInstanceUids(target: DicomWebTarget, study: ManifestStudy, expected: number): Promise<Set<string>> {
  const [found] = await qido(target, `/studies?StudyInstanceUID=${study.studyInstanceUID}&includefield=${NUMBER_OF_STUDY_RELATED_INSTANCES}`);
  if (!found) return new Set();
  if (Number(firstValue(found, NUMBER_OF_STUDY_RELATED_INSTANCES)) === expected) {
    return new Set(study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUID)));
  }
  const instances = await qido(target, `/studies/${study.studyInstanceUID}/instances`);
  return new Set(instances.map((item) => String(firstValue(item, SOP_INSTANCE_UID))));
}

/** Files of the manifest whose instances the archive does not have yet. */
export async function missingFiles(target: DicomWebTarget, manifest: SampleManifest, manifestPath: string): Promise<string[]> {
  const missing: string[] = [];
  for (const study of manifest.studies) {
    const instances = study.series.flatMap((s) => s.instances);
    const stored = await storedInstanceUids(target, study, instances.length);
    for (const instance of instances) if (!stored.has(instance.sopInstanceUID)) missing.push(instancePath(manifestPath, instance));
  }
  return missing;
}

export interface SeedResult {
  manifest: SampleManifest;
  manifestPath: string;
  /** Instances stored by this call (0 when the archive already had them all). */
  stored: number;
}

/**
 * Makes sure the archive holds every sample instance: generates the samples (or reuses the
 * cache), asks QIDO-RS what is there and stores only what is missing. Cheap to call on every start.
 */
export async function seedArchive(opts: { archive: DicomWebTarget; log?: (message: string) => void }): Promise<SeedResult> {
  const log = opts.log ?? console.log;
  const { manifest, manifestPath } = await ensureSamples(log);
  const missing = await missingFiles(opts.archive, manifest, manifestPath);
  if (missing.length === 0) return { manifest, manifestPath, stored: 0 };
  const started = Date.now();
  const stored = await stowFiles(opts.archive, missing);
  log(`Stored ${stored} sample instance(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { manifest, manifestPath, stored };
}
