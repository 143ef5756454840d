import { displayPalette, PaletteError, parseDescriptor, type DisplayPalette, type PaletteTables } from './palette-lut.ts';
import { getNumber, getNumbers, getString, type DicomJsonDataset, type DicomJsonElement } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';

/**
 * Puts an instance's PALETTE COLOR lookup tables where the image loader reads them.
 *
 * Cornerstone's WADO-RS metadata provider reads (0028,1201–1203) with `Value`, but DICOM JSON never
 * carries OW data as Value: archives send InlineBinary (base64) or a BulkDataURI — Orthanc 1.10 sends a
 * BulkDataURI for every palette table, built from the request's host and its own DICOMweb root
 * (`http://<host>/dicom-web/studies/…/instances/…/bulk/00281201`). Without a palette the loader's colour
 * conversion throws inside a promise callback that nothing catches: the image never appears and never
 * fails. Here each table is read (InlineBinary decoded, a BulkDataURI fetched below the source's own
 * WADO-RS root, segmented tables expanded) and turned into 8-bit display tables (src/imaging/palette-lut.ts);
 * the returned dataset carries them as Value with an 8-bit descriptor, which the loader applies as is.
 */

const COLOURS = ['red', 'green', 'blue'] as const;
const DESCRIPTOR_TAGS = [
  Tag.RedPaletteColorLookupTableDescriptor,
  Tag.GreenPaletteColorLookupTableDescriptor,
  Tag.BluePaletteColorLookupTableDescriptor,
] as const;
const DATA_TAGS = [Tag.RedPaletteColorLookupTableData, Tag.GreenPaletteColorLookupTableData, Tag.BluePaletteColorLookupTableData] as const;
const SEGMENTED_TAGS = [
  Tag.SegmentedRedPaletteColorLookupTableData,
  Tag.SegmentedGreenPaletteColorLookupTableData,
  Tag.SegmentedBluePaletteColorLookupTableData,
] as const;

/** Fetches a bulk data resource (a URL below the source's WADO-RS root) and returns its bytes. */
export type BulkDataFetcher = (url: string) => Promise<Uint8Array>;

/** Whether the instance is PALETTE COLOR (Supplemental palettes of grey images are shown in grey). */
export function isPaletteColour(ds: DicomJsonDataset): boolean {
  return getString(ds, Tag.PhotometricInterpretation)?.trim().toUpperCase() === 'PALETTE COLOR';
}

/**
 * The URL to fetch a BulkDataURI from: its `/studies/…` part below `wadoRoot`, so the request goes to the
 * same data source through the gateway whatever host or root the archive wrote into the URI (Orthanc
 * writes its own `/dicom-web` root, which is not where a second source is served).
 */
export function bulkDataUrl(uri: string, wadoRoot: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const at = path.indexOf('/studies/');
  if (at < 0) throw new PaletteError(`the archive's BulkDataURI ${uri} is not a WADO-RS resource`);
  return `${wadoRoot.replace(/\/+$/, '')}${path.slice(at)}`;
}

/** Base64 (InlineBinary) to bytes; whitespace allowed. */
export function decodeInlineBinary(base64: string): Uint8Array {
  const binary = atob(base64.replace(/\s+/g, ''));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The bytes of one OW element, little endian: InlineBinary, BulkDataURI or (unusually) numeric Value. */
async function elementBytes(element: DicomJsonElement, entryBits: number, wadoRoot: string, fetchBulk: BulkDataFetcher): Promise<Uint8Array> {
  if (typeof element.InlineBinary === 'string') return decodeInlineBinary(element.InlineBinary);
  if (typeof element.BulkDataURI === 'string') return fetchBulk(bulkDataUrl(element.BulkDataURI, wadoRoot));
  if (Array.isArray(element.Value) && element.Value.every((v) => typeof v === 'number')) {
    const values = element.Value as number[];
    // Entries given as numbers: written back as the stored width so the length rules apply unchanged.
    if (entryBits === 8 && values.every((v) => v <= 255)) return Uint8Array.from(values);
    const out = new Uint8Array(values.length * 2);
    values.forEach((v, i) => {
      out[2 * i] = v & 0xff;
      out[2 * i + 1] = (v >> 8) & 0xff;
    });
    return out;
  }
  throw new PaletteError('the palette colour lookup table data has no value');
}

/** The dataset the image loader gets: 8-bit display tables as Value, segmented tables dropped. */
export function withDisplayPalette(ds: DicomJsonDataset, palette: DisplayPalette): DicomJsonDataset {
  const out: DicomJsonDataset = { ...ds };
  const descriptor: DicomJsonElement = { vr: 'US', Value: [palette.red.length, palette.firstMapped, 8] };
  const tables = [palette.red, palette.green, palette.blue];
  DESCRIPTOR_TAGS.forEach((tag) => (out[tag] = descriptor));
  DATA_TAGS.forEach((tag, i) => (out[tag] = { vr: 'OW', Value: Array.from(tables[i]!) }));
  SEGMENTED_TAGS.forEach((tag) => delete out[tag]);
  return out;
}

export type PaletteResolution =
  { kind: 'not-palette' } | { kind: 'resolved'; metadata: DicomJsonDataset; palette: DisplayPalette } | { kind: 'failed'; reason: string };

/** Reads and resolves the palette of one instance's metadata (see the module comment). */
export async function resolvePalette(ds: DicomJsonDataset, wadoRoot: string, fetchBulk: BulkDataFetcher): Promise<PaletteResolution> {
  if (!isPaletteColour(ds)) return { kind: 'not-palette' };
  try {
    const pixelRepresentation = getNumber(ds, Tag.PixelRepresentation) ?? 0;
    const descriptors = DESCRIPTOR_TAGS.map((tag) => parseDescriptor(getNumbers(ds, tag), pixelRepresentation));
    const segmented = DATA_TAGS.every((tag) => ds[tag] === undefined) && SEGMENTED_TAGS.some((tag) => ds[tag] !== undefined);
    const tags = segmented ? SEGMENTED_TAGS : DATA_TAGS;
    const tables: Partial<PaletteTables> = {};
    await Promise.all(
      COLOURS.map(async (colour, i) => {
        const element = ds[tags[i]!];
        if (element) tables[colour] = await elementBytes(element, descriptors[i]?.bits ?? 16, wadoRoot, fetchBulk);
      }),
    );
    const palette = displayPalette(descriptors, tables, segmented);
    return { kind: 'resolved', metadata: withDisplayPalette(ds, palette), palette };
  } catch (err) {
    return { kind: 'failed', reason: `its palette colour lookup table could not be read (${(err as Error).message})` };
  }
}
