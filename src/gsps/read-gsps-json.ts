import { naturalizeDicomJson } from './dcmjs.ts';
import { readGsps } from './read-gsps.ts';
import type { GspsContent } from './types.ts';

/** Reads a presentation state from its WADO-RS metadata (DICOM JSON) instead of the Part 10 file. */
export function readGspsFromDicomJson(json: Record<string, { vr: string; Value?: unknown[] }>): GspsContent {
  return readGsps(naturalizeDicomJson(json));
}
