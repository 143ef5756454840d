import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepTypedPixelData, keepTypedPixelDataSource } from './keep-typed-pixel-data.ts';

const loaderDir = path.dirname(createRequire(import.meta.url).resolve('@cornerstonejs/dicom-image-loader'));
const modulePath = path.join(loaderDir, 'imageLoader', 'setPixelDataType.js');
const installed = readFileSync(modulePath, 'utf8');

/** The patched module's function, run here with the loader's own getPixelDataTypeFromMinMax. */
async function patchedSetPixelDataType(): Promise<(frame: { pixelData: ArrayLike<number>; smallestPixelValue: number; largestPixelValue: number }) => void> {
  const { default: typeFromMinMax } = (await import(path.join(loaderDir, 'shared', 'getPixelDataTypeFromMinMax.js'))) as { default: unknown };
  const body = keepTypedPixelDataSource(installed)
    .replace(/^import .*$/m, '')
    .replace('export default setPixelDataType;', 'return setPixelDataType;');
  return new Function('getPixelDataTypeFromMinMax', body)(typeFromMinMax) as never;
}

describe('keepTypedPixelData', () => {
  it('patches the installed loader’s module: pixels already of the type their values need are kept, others still converted', async () => {
    const setPixelDataType = await patchedSetPixelDataType();
    const pixels = Int16Array.from([-1024, 0, 3071]);
    const frame = { pixelData: pixels as ArrayLike<number>, smallestPixelValue: -1024, largestPixelValue: 3071 };
    setPixelDataType(frame);
    expect(frame.pixelData).toBe(pixels);
    const wide = { pixelData: Float32Array.from([0, 200, 40]) as ArrayLike<number>, smallestPixelValue: 0, largestPixelValue: 200 };
    setPixelDataType(wide);
    expect(wide.pixelData).toBeInstanceOf(Uint8Array);
    expect(Array.from(wide.pixelData)).toEqual([0, 200, 40]);
  });

  it('fails loudly when the module no longer reads as expected', () => {
    expect(() => keepTypedPixelDataSource('export default function setPixelDataType() {}')).toThrow(/changed/);
  });

  it('transforms that module only', () => {
    const plugin = keepTypedPixelData();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform(installed, modulePath)?.code).toContain('instanceof TypedArray ? imageFrame.pixelData');
    expect(transform(installed, path.join(loaderDir, 'imageLoader', 'createImage.js'))).toBeNull();
  });
});
