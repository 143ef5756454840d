import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { colourStoredSamples } from '../../src/imaging/high-bit-colour.ts';
import { nativeFrame, readStoredInstance, StoredInstanceError, type StoredInstance } from '../../src/imaging/stored-instance.ts';
import { pydicomTestFilesDir } from '../samples/pydicom-files.ts';

/**
 * The stored-instance reader against real files: pydicom's test files come in twins (the same pixels
 * stored Big Endian, RLE, deflated and little endian), so every decoding is checked against another
 * encoding of the same values, written by other software (DCMTK, GDCM, pydicom's scripts).
 */

const dir = pydicomTestFilesDir();
const scratch = mkdtempSync(path.join(tmpdir(), 'readroom-stored-instance-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (file: string) => readStoredInstance(new Uint8Array(readFileSync(path.isAbsolute(file) ? file : path.join(dir, file))));

function frames(instance: StoredInstance): Uint8Array[] {
  return Array.from({ length: instance.format.numberOfFrames }, (_, i) => nativeFrame(instance, i));
}

describe('readStoredInstance + nativeFrame on pydicom test files', () => {
  it('reads 32-bit Explicit VR Big Endian as whole 32-bit values, equal to the little-endian twin, every frame', async () => {
    const be = await read('rtdose_expb.dcm');
    const le = await read('rtdose.dcm');
    expect(be.transferSyntaxUID).toBe('1.2.840.10008.1.2.2');
    expect(be.format).toMatchObject({ bitsAllocated: 32, numberOfFrames: 15, rows: 10, columns: 10 });
    expect(frames(be)).toEqual(frames(le));
    // Known value (pydicom): 1249000 at the first pixel; Orthanc's 16-bit-word swap would give 250085395.
    expect(new DataView(frames(be)[0]!.buffer).getUint32(0, true)).toBe(1249000);
  });

  it('reads 16-bit Explicit VR Big Endian equal to its little-endian twin', async () => {
    expect(frames(await read('MR_small_bigendian.dcm'))).toEqual(frames(await read('MR_small.dcm')));
  });

  it('decodes 32-bit RLE (GDCM) equal to the little-endian twin', async () => {
    const rle = await read('rtdose_rle.dcm');
    expect(rle.transferSyntaxUID).toBe('1.2.840.10008.1.2.5');
    expect(frames(rle)).toEqual(frames(await read('rtdose.dcm')));
  });

  it('decodes 16- and 32-bit RGB RLE: each sample is the 8-bit original times 257 (0x0101) or 0x01010101', async () => {
    const eight = await read('SC_rgb_rle_2frame.dcm');
    const expected = (frame: number, factor: number) => Array.from(nativeFrame(eight, frame), (v) => v * factor);
    for (const [file, factor] of [
      ['SC_rgb_rle_16bit.dcm', 257],
      ['SC_rgb_rle_16bit_2frame.dcm', 257],
      ['SC_rgb_rle_32bit.dcm', 0x01010101],
      ['SC_rgb_rle_32bit_2frame.dcm', 0x01010101],
    ] as const) {
      const instance = await read(file);
      for (let f = 0; f < instance.format.numberOfFrames; f++) {
        expect(Array.from(colourStoredSamples(nativeFrame(instance, f), instance.format)), `${file} frame ${f + 1}`).toEqual(expected(f, factor));
      }
    }
    // Not vacuous: the frames hold more than one colour.
    expect(new Set(nativeFrame(eight, 0)).size).toBeGreaterThan(2);
  });

  it('inflates Deflated Explicit VR Little Endian (made here by DCMTK) equal to the original, 16- and 32-bit', async () => {
    for (const file of ['MR_small.dcm', 'rtdose.dcm']) {
      const deflated = path.join(scratch, `deflated-${file}`);
      execFileSync('dcmconv', ['+td', path.join(dir, file), deflated]);
      const instance = await read(deflated);
      expect(instance.transferSyntaxUID).toBe('1.2.840.10008.1.2.1.99');
      expect(frames(instance), file).toEqual(frames(await read(file)));
    }
  });

  it('reads 8-bit RGB stored Big Endian in OB as it is', async () => {
    const instance = await read('ExplVR_BigEnd.dcm');
    const le = path.join(scratch, 'ExplVR_LitEnd.dcm');
    execFileSync('dcmconv', ['+te', path.join(dir, 'ExplVR_BigEnd.dcm'), le]);
    expect(frames(instance)).toEqual(frames(await read(le)));
  });

  it('refuses compressed syntaxes by name, and frames outside the instance', async () => {
    await expect(read('MR_small_jpeg_ls_lossless.dcm')).rejects.toThrow(
      /JPEG-LS Lossless \(1\.2\.840\.10008\.1\.2\.4\.80\) is not decoded from whole instances/,
    );
    await expect(read('MR_small_jpeg_ls_lossless.dcm')).rejects.toBeInstanceOf(StoredInstanceError);
    const instance = await read('MR_small.dcm');
    expect(() => nativeFrame(instance, 1)).toThrow(/Frame 2 is outside the instance's 1 frame/);
    await expect(readStoredInstance(new Uint8Array(200))).rejects.toThrow(/not a DICOM Part 10 file/);
  });
});
