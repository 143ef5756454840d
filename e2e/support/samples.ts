import { readFileSync } from 'node:fs';
import type { SampleManifest } from '../../scripts/samples/manifest.ts';

export type ManifestStudy = SampleManifest['studies'][number];

export function readManifest(manifestPath: string): SampleManifest {
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as SampleManifest;
}

/** The current (most recent) CT chest: a CT series of at least 200 images. */
export function currentCtChest(manifest: SampleManifest): ManifestStudy {
  const chests = manifest.studies
    .filter((s) => s.series.some((se) => se.modality === 'CT' && se.instances.length >= 200))
    .sort((a, b) => b.studyDate.localeCompare(a.studyDate));
  if (!chests[0]) throw new Error('The sample manifest has no CT chest');
  return chests[0];
}
