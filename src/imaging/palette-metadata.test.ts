import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { bulkDataUrl, decodeInlineBinary, resolvePalette, withDisplayPalette } from './palette-metadata.ts';
import { Tag } from '../dicomweb/tags.ts';

const ROOT = '/sources/second/dicom-web';
const INSTANCE = 'studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5';
const le16 = (values: readonly number[]) => Uint8Array.from(values.flatMap((v) => [v & 0xff, v >> 8]));
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const ramp = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

function paletteInstance(extra: DicomJsonDataset): DicomJsonDataset {
  const descriptor = { vr: 'US', Value: [256, 0, 16] };
  return {
    [Tag.SOPInstanceUID]: { vr: 'UI', Value: ['1.2.3.4.5'] },
    [Tag.PhotometricInterpretation]: { vr: 'CS', Value: ['PALETTE COLOR'] },
    [Tag.Rows]: { vr: 'US', Value: [2] },
    [Tag.Columns]: { vr: 'US', Value: [2] },
    [Tag.RedPaletteColorLookupTableDescriptor]: descriptor,
    [Tag.GreenPaletteColorLookupTableDescriptor]: descriptor,
    [Tag.BluePaletteColorLookupTableDescriptor]: descriptor,
    ...extra,
  };
}

// What Orthanc 1.10 sends for every palette table (measured): a BulkDataURI with the request's host and
// Orthanc's own DICOMweb root.
const orthancUri = (tag: string) => `http://127.0.0.1:8043/dicom-web/${INSTANCE}/bulk/${tag}`;

describe('bulk data URLs', () => {
  it('re-roots a BulkDataURI below the source the metadata came from', () => {
    expect(bulkDataUrl(orthancUri('00281201'), ROOT)).toBe(`${ROOT}/${INSTANCE}/bulk/00281201`);
    expect(bulkDataUrl(`/dicom-web/${INSTANCE}/bulk/00281201`, '/dicom-web/')).toBe(`/dicom-web/${INSTANCE}/bulk/00281201`);
    expect(() => bulkDataUrl('http://elsewhere.example/blob/42', ROOT)).toThrow(/not a WADO-RS resource/);
  });

  it('decodes InlineBinary', () => {
    expect(Array.from(decodeInlineBinary('AAEC/w=='))).toEqual([0, 1, 2, 255]);
    expect(Array.from(decodeInlineBinary('AAEC\n/w=='))).toEqual([0, 1, 2, 255]);
  });
});

describe('resolving a palette from DICOM JSON', () => {
  const red = ramp(256, (i) => i * 256);
  const green = ramp(256, (i) => 65535 - i * 256);
  const blue = ramp(256, () => 0x4000);

  it('fetches BulkDataURIs below the source root and hands the loader 8-bit tables as Value', async () => {
    const fetched: string[] = [];
    const tables: Record<string, Uint8Array> = { '00281201': le16(red), '00281202': le16(green), '00281203': le16(blue) };
    const ds = paletteInstance({
      [Tag.RedPaletteColorLookupTableData]: { vr: 'OW', BulkDataURI: orthancUri('00281201') },
      [Tag.GreenPaletteColorLookupTableData]: { vr: 'OW', BulkDataURI: orthancUri('00281202') },
      [Tag.BluePaletteColorLookupTableData]: { vr: 'OW', BulkDataURI: orthancUri('00281203') },
    });
    const result = await resolvePalette(ds, ROOT, async (url) => {
      fetched.push(url);
      return tables[url.slice(-8)]!;
    });
    expect(fetched.sort()).toEqual(['00281201', '00281202', '00281203'].map((t) => `${ROOT}/${INSTANCE}/bulk/${t}`));
    if (result.kind !== 'resolved') throw new Error(JSON.stringify(result));
    const md = result.metadata;
    expect(md[Tag.RedPaletteColorLookupTableDescriptor]?.Value).toEqual([256, 0, 8]);
    expect(md[Tag.RedPaletteColorLookupTableData]?.Value?.slice(0, 3)).toEqual([0, 1, 2]);
    expect(md[Tag.GreenPaletteColorLookupTableData]?.Value?.[0]).toBe(255);
    expect(md[Tag.BluePaletteColorLookupTableData]?.Value?.[9]).toBe(0x40);
    // The original metadata is not changed (the viewer's overlays read it).
    expect(ds[Tag.RedPaletteColorLookupTableData]?.Value).toBeUndefined();
  });

  it('decodes InlineBinary tables and expands segmented ones', async () => {
    const seg = le16([0, 1, 0, 1, 255, 65535]);
    const ds = paletteInstance({
      [Tag.SegmentedRedPaletteColorLookupTableData]: { vr: 'OW', InlineBinary: base64(seg) },
      [Tag.SegmentedGreenPaletteColorLookupTableData]: { vr: 'OW', InlineBinary: base64(seg) },
      [Tag.SegmentedBluePaletteColorLookupTableData]: { vr: 'OW', InlineBinary: base64(seg) },
    });
    const result = await resolvePalette(ds, ROOT, () => Promise.reject(new Error('no fetch expected')));
    if (result.kind !== 'resolved') throw new Error(JSON.stringify(result));
    expect(result.palette.red).toHaveLength(256);
    expect(result.palette.red[255]).toBe(255);
    expect(result.metadata[Tag.SegmentedRedPaletteColorLookupTableData]).toBeUndefined();
    expect(result.metadata[Tag.RedPaletteColorLookupTableData]?.Value).toHaveLength(256);
  });

  it('takes numeric Values as entries', async () => {
    const ds = paletteInstance({
      [Tag.RedPaletteColorLookupTableData]: { vr: 'OW', Value: red },
      [Tag.GreenPaletteColorLookupTableData]: { vr: 'OW', Value: green },
      [Tag.BluePaletteColorLookupTableData]: { vr: 'OW', Value: blue },
    });
    const result = await resolvePalette(ds, ROOT, () => Promise.reject(new Error('no fetch expected')));
    expect(result.kind === 'resolved' && Array.from(result.palette.red.slice(0, 3))).toEqual([0, 1, 2]);
  });

  it('says why when a table cannot be read, and leaves other images alone', async () => {
    const ds = paletteInstance({
      [Tag.RedPaletteColorLookupTableData]: { vr: 'OW', BulkDataURI: orthancUri('00281201') },
      [Tag.GreenPaletteColorLookupTableData]: { vr: 'OW', BulkDataURI: orthancUri('00281202') },
    });
    const missing = await resolvePalette(ds, ROOT, async () => le16(red));
    expect(missing).toEqual({
      kind: 'failed',
      reason: 'its palette colour lookup table could not be read (the blue palette colour lookup table data is missing)',
    });
    const refused = await resolvePalette({ ...ds, [Tag.BluePaletteColorLookupTableData]: { vr: 'OW', BulkDataURI: orthancUri('00281203') } }, ROOT, () =>
      Promise.reject(new Error('Retrieving bulk data failed (HTTP 404)')),
    );
    expect(refused).toEqual({ kind: 'failed', reason: 'its palette colour lookup table could not be read (Retrieving bulk data failed (HTTP 404))' });
    expect(await resolvePalette({ [Tag.PhotometricInterpretation]: { vr: 'CS', Value: ['RGB'] } }, ROOT, () => Promise.reject(new Error('x')))).toEqual({
      kind: 'not-palette',
    });
  });

  it('writes the display palette with an 8-bit descriptor the loader applies unscaled', () => {
    const out = withDisplayPalette(
      {},
      { firstMapped: 16, red: Uint8Array.of(1, 2), green: Uint8Array.of(3, 4), blue: Uint8Array.of(5, 6), entryBits: 16, scaled: true },
    );
    expect(out[Tag.GreenPaletteColorLookupTableDescriptor]).toEqual({ vr: 'US', Value: [2, 16, 8] });
    expect(out[Tag.BluePaletteColorLookupTableData]).toEqual({ vr: 'OW', Value: [5, 6] });
  });
});
