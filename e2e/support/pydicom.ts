import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Pixel values read with pydicom from the stored file (frame `frame`, 0-based): a few pixels spread
 * over the image, and the brightest. Greyscale values after Rescale Slope/Intercept, as the viewer shows them
 * (Dose Grid Scaling is not applied: RT Dose values are read as stored).
 */
export function referencePixels(manifestPath: string, file: string, frame = 0): { column: number; row: number; text: string }[] {
  const script = `
import json, sys, pydicom, numpy
ds = pydicom.dcmread(sys.argv[1])
a = ds.pixel_array
if getattr(ds, 'NumberOfFrames', 1) > 1: a = a[int(sys.argv[2])]
rows, cols = a.shape[0], a.shape[1]
grey = a.ndim == 2
lum = a if grey else a.astype('int64').sum(axis=2)
r, c = numpy.unravel_index(int(numpy.argmax(lum)), lum.shape)
out = []
for (row, col) in [(rows // 2, cols // 2), (rows // 3, cols // 4), (int(r), int(c))]:
    v = a[row, col]
    if grey:
        s = float(getattr(ds, 'RescaleSlope', 1)); i = float(getattr(ds, 'RescaleIntercept', 0))
        x = float(v) * s + i
        text = 'Value: %s' % (int(x) if x == int(x) else round(x, 3))
    else:
        text = 'R %d G %d B %d' % tuple(int(k) for k in v)
    out.append({'column': col, 'row': row, 'text': text})
print(json.dumps(out))
`;
  const json = execFileSync('/usr/bin/python3', ['-c', script, path.join(path.dirname(manifestPath), file), String(frame)], { encoding: 'utf8' });
  return JSON.parse(json) as { column: number; row: number; text: string }[];
}

export interface PaletteReference {
  column: number;
  row: number;
  /** The stored pixel value (the palette index before the first mapped value is taken off). */
  value: number;
  /** pydicom's apply_color_lut, in 8-bit display values: 16-bit entries by their high byte. */
  rgb: [number, number, number];
}

/**
 * The centres of the patches of known palette index in a generated PALETTE COLOR sample (the generator's
 * own layout), with the colour pydicom's `apply_color_lut` gives them in frame `frame` (0-based).
 * Entries wider than 8 bits become display values by their high byte, unless no entry of the palette
 * exceeds 255 (8-bit values in 16-bit words, a writer's quirk): then they are used as they are.
 */
export function paletteReference(manifestPath: string, file: string, frame = 0): PaletteReference[] {
  const script = `
import importlib.util, json, sys, numpy, pydicom
from pydicom.pixel_data_handlers.util import apply_color_lut
spec = importlib.util.spec_from_file_location('build_palette', sys.argv[3])
gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)
ds = pydicom.dcmread(sys.argv[1])
a = ds.pixel_array
if int(getattr(ds, 'NumberOfFrames', 1)) > 1: a = a[int(sys.argv[2])]
rgb = apply_color_lut(a, ds)
n, first, bits = ds.RedPaletteColorLookupTableDescriptor
n = n or 65536
table = apply_color_lut(numpy.arange(first, first + n, dtype=numpy.uint16 if ds.BitsAllocated == 16 else numpy.int64).astype(a.dtype), ds)
shift = 8 if table.max() > 255 else 0
recipe = {'rows': int(ds.Rows), 'columns': int(ds.Columns)}
out = []
for (top, left) in gen.patches(recipe):
    row, col = top + gen.PATCH // 2, left + gen.PATCH // 2
    out.append({'row': row, 'column': col, 'value': int(a[row, col]), 'rgb': [int(v) >> shift for v in rgb[row, col]]})
print(json.dumps(out))
`;
  const generator = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../scripts/samples/palette/build-palette.py');
  const json = execFileSync('/usr/bin/python3', ['-c', script, path.join(path.dirname(manifestPath), file), String(frame), generator], { encoding: 'utf8' });
  return JSON.parse(json) as PaletteReference[];
}
