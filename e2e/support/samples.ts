import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * Image Position (Patient) and Image Orientation (Patient) of every instance of a series, in instance
 * order, read from the generated files by pydicom (not by the app), for geometry checks.
 */
export function seriesGeometry(manifestPath: string, series: ManifestStudy['series'][number]): { ipp: number[]; iop: number[] }[] {
  const files = series.instances.map((i) => path.join(path.dirname(manifestPath), i.file));
  const script = [
    'import json, sys, pydicom',
    'out = []',
    'for f in sys.argv[1:]:',
    '    ds = pydicom.dcmread(f, stop_before_pixels=True)',
    '    out.append({"ipp": [float(v) for v in ds.ImagePositionPatient], "iop": [float(v) for v in ds.ImageOrientationPatient], "n": int(ds.InstanceNumber)})',
    'print(json.dumps(out))',
  ].join('\n');
  const rows = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as {
    ipp: number[];
    iop: number[];
    n: number;
  }[];
  return rows.sort((a, b) => a.n - b.n).map(({ ipp, iop }) => ({ ipp, iop }));
}

/**
 * The Institution Names (0008,0080) in each study's files, read by pydicom (not by the app or the
 * archive): Study Instance UID → the distinct names ('' for a file without one).
 */
export function institutionsByStudy(manifestPath: string, manifest: SampleManifest): Map<string, Set<string>> {
  const files = manifest.studies.flatMap((s) => s.series.flatMap((se) => se.instances.map((i) => path.join(path.dirname(manifestPath), i.file))));
  const script = [
    'import json, sys, pydicom',
    'out = []',
    'for f in sys.argv[1:]:',
    '    ds = pydicom.dcmread(f, stop_before_pixels=True, specific_tags=["StudyInstanceUID", "InstitutionName"])',
    '    out.append([str(ds.StudyInstanceUID), str(ds.get("InstitutionName", "") or "")])',
    'print(json.dumps(out))',
  ].join('\n');
  const rows = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as [string, string][];
  const byStudy = new Map<string, Set<string>>();
  for (const [study, institution] of rows) {
    if (!byStudy.has(study)) byStudy.set(study, new Set());
    byStudy.get(study)!.add(institution);
  }
  return byStudy;
}
