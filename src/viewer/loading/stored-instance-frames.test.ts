import { beforeEach, describe, expect, it, vi } from 'vitest';
import { writePart10 } from '../../gsps/dcmjs.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';

/** Instances the archive holds, by instance URL, and how often each was asked for. */
const archive = new Map<string, Uint8Array | Error>();
const retrievals: string[] = [];
vi.mock('../../dicomweb/wado.ts', () => ({
  retrieveStoredInstance: async (url: string) => {
    retrievals.push(url);
    const stored = archive.get(url);
    if (!stored) throw new Error(`nothing at ${url}`);
    if (stored instanceof Error) throw stored;
    return stored;
  },
}));
const created: { imageId: string; bytes: number[]; transferSyntax: string }[] = [];
vi.mock('@cornerstonejs/dicom-image-loader', () => ({
  createImage: async (imageId: string, bytes: Uint8Array, transferSyntax: string) => {
    created.push({ imageId, bytes: [...bytes], transferSyntax });
    return { imageId };
  },
}));
vi.mock('@cornerstonejs/core', () => ({
  Enums: { ImageQualityStatus: { FULL_RESOLUTION: 8 }, VOILUTFunctionType: { LINEAR: 'LINEAR' }, Events: {} },
  eventTarget: new EventTarget(),
  metaData: { get: () => undefined },
  utilities: {
    VoxelManager: { createImageVoxelManager: ({ scalarData }: { scalarData: Uint8Array }) => ({ getScalarData: () => scalarData }) },
  },
}));

const { loadFromStoredInstance, storedColourSamples } = await import('./stored-instance-frames.ts');
const { loadingSession, resetLoadingSession } = await import('./loading-session.ts');
const { UnsupportedPixelDataError, FrameDecodeError } = await import('../../imaging/transfer-syntax-policy.ts');
const { DicomwebError } = await import('../../dicomweb/errors.ts');

const ROOT = '/dicom-web';
const instanceUrl = (sop: string) => `${ROOT}/studies/1.2/series/1.2.3/instances/${sop}`;
const frameId = (sop: string, frame: number) => `wadors:${instanceUrl(sop)}/frames/${frame}`;
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** A native instance of `frames` frames of 2 × 2 pixels, Explicit VR Little Endian. */
function instance(sop: string, options: { frames: number; bits: 8 | 16; samples: 1 | 3; bitsStored?: number }): Uint8Array {
  const { frames, bits, samples } = options;
  const pixelsPerFrame = 4 * samples;
  const values = Array.from({ length: frames * pixelsPerFrame }, (_, i) => i + 1);
  const pixels = bits === 16 ? new Uint16Array(values) : new Uint8Array(values);
  const dataset = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
    SOPInstanceUID: sop,
    Rows: 2,
    Columns: 2,
    SamplesPerPixel: samples,
    PhotometricInterpretation: samples === 3 ? 'RGB' : 'MONOCHROME2',
    ...(samples === 3 ? { PlanarConfiguration: 0 } : {}),
    BitsAllocated: bits,
    BitsStored: options.bitsStored ?? bits,
    HighBit: (options.bitsStored ?? bits) - 1,
    PixelRepresentation: 0,
    NumberOfFrames: String(frames),
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: bits === 16 ? 'OW' : 'OB' },
  };
  const meta = { MediaStorageSOPClassUID: dataset.SOPClassUID, MediaStorageSOPInstanceUID: sop, ImplementationClassUID: '1.2.3.4' };
  return new Uint8Array(writePart10(dataset, meta));
}

function describeImage(imageId: string, descriptor: Partial<ImageDescriptor>): void {
  loadingSession().descriptors.set(imageId, descriptor as ImageDescriptor);
}

beforeEach(() => {
  resetLoadingSession();
  archive.clear();
  retrievals.length = 0;
  created.length = 0;
});

describe('frames read from the stored instance', () => {
  it('cuts each frame out of a multi-frame instance fetched once, and decodes it as native little endian', async () => {
    archive.set(instanceUrl('9.1'), instance('9.1', { frames: 3, bits: 8, samples: 1 }));
    const second = await loadFromStoredInstance(frameId('9.1', 2), {});
    const third = await loadFromStoredInstance(frameId('9.1', 3), {});
    expect(retrievals).toEqual([instanceUrl('9.1')]);
    expect(created).toEqual([
      { imageId: frameId('9.1', 2), bytes: [5, 6, 7, 8], transferSyntax: EXPLICIT_LE },
      { imageId: frameId('9.1', 3), bytes: [9, 10, 11, 12], transferSyntax: EXPLICIT_LE },
    ]);
    expect(second).toMatchObject({ transferSyntaxUID: EXPLICIT_LE, imageQualityStatus: 8 });
    expect(third.imageId).toBe(frameId('9.1', 3));
  });

  it('keeps the last four instances, and asks again after a failure', async () => {
    for (const sop of ['9.1', '9.2', '9.3', '9.4', '9.5']) {
      archive.set(instanceUrl(sop), instance(sop, { frames: 1, bits: 8, samples: 1 }));
      await loadFromStoredInstance(frameId(sop, 1), {});
    }
    await loadFromStoredInstance(frameId('9.5', 1), {});
    await loadFromStoredInstance(frameId('9.1', 1), {});
    expect(retrievals.filter((url) => url === instanceUrl('9.5'))).toHaveLength(1);
    expect(retrievals.filter((url) => url === instanceUrl('9.1'))).toHaveLength(2);

    archive.set(instanceUrl('9.6'), new DicomwebError('http', 'The archive did not answer', 503));
    await expect(loadFromStoredInstance(frameId('9.6', 1), {})).rejects.toBeInstanceOf(DicomwebError);
    archive.set(instanceUrl('9.6'), instance('9.6', { frames: 1, bits: 8, samples: 1 }));
    await expect(loadFromStoredInstance(frameId('9.6', 1), {})).resolves.toMatchObject({ imageId: frameId('9.6', 1) });
  });

  it('refuses an instance whose pixel attributes differ from its metadata, naming the attribute', async () => {
    archive.set(instanceUrl('9.1'), instance('9.1', { frames: 1, bits: 16, samples: 1 }));
    describeImage(frameId('9.1', 1), { rows: 2, columns: 2, bitsAllocated: 8 });
    const failure = loadFromStoredInstance(frameId('9.1', 1), {});
    await expect(failure).rejects.toBeInstanceOf(UnsupportedPixelDataError);
    await expect(failure).rejects.toThrow(/Bits Allocated 16, its metadata 8/);
    expect(created).toEqual([]);
  });

  it('names what cannot be read: a file that is not Part 10 is a decode error of the frame', async () => {
    archive.set(instanceUrl('9.1'), new TextEncoder().encode('not dicom at all, just text'));
    await expect(loadFromStoredInstance(frameId('9.1', 1), {})).rejects.toBeInstanceOf(FrameDecodeError);
  });

  it('makes colour of more than 8 bits an 8-bit RGB image scaled by Bits Stored, keeping the stored samples', async () => {
    archive.set(instanceUrl('9.1'), instance('9.1', { frames: 1, bits: 16, samples: 3, bitsStored: 12 }));
    const image = await loadFromStoredInstance(frameId('9.1', 1), {});
    expect(created).toEqual([]);
    expect(image).toMatchObject({ color: true, photometricInterpretation: 'RGB', rows: 2, columns: 2 });
    expect([...(storedColourSamples(image) ?? [])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const display = image.getPixelData() as Uint8Array;
    expect(display).toHaveLength(12);
    // 12 of 4095 is 0.75 of 255: scaled by Bits Stored, not Bits Allocated.
    expect(display[11]).toBe(Math.round((12 / 4095) * 255));
  });

  it('refuses an image id that is not a WADO-RS frame', async () => {
    await expect(loadFromStoredInstance('dicomfile:1', {})).rejects.toThrow(/Not a WADO-RS frame/);
  });
});
