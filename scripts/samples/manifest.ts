import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What the sample generator wrote, for seeding and for tests. Written as manifest.json. */
export interface SampleManifest {
  /** Hash of the generator's sources and tools; also the name of the cache folder. */
  version: string;
  studies: ManifestStudy[];
  /** Exact values at named pixels of the current chest CT. */
  knownPixels: KnownPixel[];
  /** An object of known size placed in the current chest CT. */
  knownObject: KnownObject;
  /** Exact stored RGB samples at the patch centres of the colour chart series (more than 8 bits per sample). */
  knownColourPixels: KnownColourPixel[];
}

export interface KnownColourPixel {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** 0-based pixel row and column. */
  row: number;
  column: number;
  /** The stored samples, R G B. */
  stored: [number, number, number];
  bitsStored: number;
}

export interface ManifestStudy {
  key: string;
  /** DICOM PN as stored (components separated by ^). */
  patientName: string;
  patientId: string;
  issuerOfPatientId: string;
  studyInstanceUID: string;
  studyDate: string;
  studyTime: string;
  accessionNumber: string;
  description: string;
  /**
   * 'synthetic' phantoms, real files from Debian's python3-pydicom, or the PALETTE COLOR files written with
   * pydicom (scripts/samples/palette/).
   */
  source: 'synthetic' | 'pydicom' | 'palette';
  series: ManifestSeries[];
}

export interface ManifestSeries {
  seriesInstanceUID: string;
  seriesNumber: number;
  modality: string;
  description: string;
  /** The syntax of all its instances (series here never mix syntaxes). */
  transferSyntaxUID: string;
  instances: ManifestInstance[];
}

export interface ManifestInstance {
  sopInstanceUID: string;
  sopClassUID: string;
  /** Relative to the manifest's folder. */
  file: string;
  /** Number of frames (1 for single-frame images). */
  frames: number;
  transferSyntaxUID: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  photometricInterpretation: string;
  /** Where the file came from, for pydicom test files. */
  origin?: string;
}

export interface VoxelRef {
  sopInstanceUID: string;
  instanceNumber: number;
  /** 0-based slice index in the series (instance number − 1). */
  sliceIndex: number;
  /** 0-based pixel row and column. */
  row: number;
  column: number;
}

export interface KnownPixel extends VoxelRef {
  name: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** The exact modality value (HU) of this pixel, noise included. */
  hu: number;
  /** The stored pixel value (HU − RescaleIntercept). */
  storedValue: number;
  /** The tissue's nominal HU; `hu` differs from it by at most `noiseHu`. */
  nominalHu: number;
  noiseHu: number;
  /** Centre of the pixel in patient coordinates (mm). */
  worldMm: [number, number, number];
}

export interface KnownObject {
  name: string;
  shape: 'sphere';
  studyInstanceUID: string;
  seriesInstanceUID: string;
  diameterMm: number;
  hu: number;
  centreWorldMm: [number, number, number];
  centre: VoxelRef;
  /** Instance numbers of the first and last slices that contain part of the sphere (|z − centre| < radius). */
  firstInstanceNumber: number;
  lastInstanceNumber: number;
}

export function readManifest(manifestPath: string): SampleManifest {
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as SampleManifest;
}

/** Absolute path of an instance's file. */
export function instancePath(manifestPath: string, instance: ManifestInstance): string {
  return path.resolve(path.dirname(manifestPath), instance.file);
}

export function allInstances(manifest: SampleManifest): Array<{ study: ManifestStudy; series: ManifestSeries; instance: ManifestInstance }> {
  return manifest.studies.flatMap((study) => study.series.flatMap((series) => series.instances.map((instance) => ({ study, series, instance }))));
}
