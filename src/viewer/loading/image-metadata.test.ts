import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.ts';
import { buildSeriesStack } from '../../imaging/series-stack.ts';

const registered = new Map<string, unknown>();
vi.mock('@cornerstonejs/dicom-image-loader', () => ({
  wadors: { metaDataManager: { add: (id: string, ds: unknown) => registered.set(id, ds), get: (id: string) => registered.get(id) } },
}));
const { imageDataset, imageDescriptor, registerImages } = await import('./image-metadata.ts');
const { resetLoadingSession } = await import('./loading-session.ts');

const instance: DicomJsonDataset = {
  '00080018': { vr: 'UI', Value: ['1.2.3.4'] },
  '00280010': { vr: 'US', Value: [4] },
  '00280011': { vr: 'US', Value: [6] },
  '00280008': { vr: 'IS', Value: [2] },
};
const stack = () => buildSeriesStack('/dicom-web', '1.2', '1.2.3', [instance]);

beforeEach(() => {
  registered.clear();
  resetLoadingSession();
});

describe('image metadata registration', () => {
  it('gives the loader the dataset and the viewer the descriptor of every frame', () => {
    const images = stack();
    registerImages(images);
    expect(imageDataset(images[1]!.imageId)).toBe(instance);
    expect(imageDescriptor(images[1]!.imageId)).toMatchObject({ rows: 4, columns: 6, frameNumber: 2, numberOfFrames: 2 });
  });

  it('lets the loader be given an amended copy, the descriptor staying the image’s', () => {
    const images = stack();
    registerImages(images, (image) => ({ ...image.metadata, '00080060': { vr: 'CS', Value: [''] } }));
    expect(imageDataset(images[0]!.imageId)?.['00080060']).toEqual({ vr: 'CS', Value: [''] });
    expect(imageDescriptor(images[0]!.imageId)?.modality).toBeUndefined();
  });

  it('knows nothing of unregistered ids, nor of images of an earlier session', () => {
    const images = stack();
    expect(imageDescriptor(images[0]!.imageId)).toBeUndefined();
    registerImages(images);
    resetLoadingSession();
    expect(imageDescriptor(images[0]!.imageId)).toBeUndefined();
  });
});
