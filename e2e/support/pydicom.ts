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
