import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { describeImage } from '../../imaging/image-descriptor.ts';
import type { StackImage } from '../../imaging/series-stack.ts';

const fetched: string[] = [];
let answer: (url: string) => Promise<Uint8Array>;
vi.mock('../../dicomweb/wado.ts', () => ({
  retrieveBulkData: (url: string) => {
    fetched.push(url);
    return answer(url);
  },
}));
const { loaderMetadata, undrawableImageReason } = await import('./palette-registration.ts');

const ROOT = '/dicom-web';
const le16 = (n: number) => Uint8Array.from(Array.from({ length: n }, (_, i) => [0, i]).flat());

function instance(sop: string, extra: DicomJsonDataset = {}): DicomJsonDataset {
  const descriptor = { vr: 'US', Value: [256, 0, 16] };
  const bulk = (tag: string) => ({ vr: 'OW', BulkDataURI: `http://archive:8042/dicom-web/studies/1.2/series/1.2.3/instances/${sop}/bulk/${tag}` });
  return {
    [Tag.SOPInstanceUID]: { vr: 'UI', Value: [sop] },
    [Tag.PhotometricInterpretation]: { vr: 'CS', Value: ['PALETTE COLOR'] },
    [Tag.Rows]: { vr: 'US', Value: [4] },
    [Tag.Columns]: { vr: 'US', Value: [4] },
    [Tag.RedPaletteColorLookupTableDescriptor]: descriptor,
    [Tag.GreenPaletteColorLookupTableDescriptor]: descriptor,
    [Tag.BluePaletteColorLookupTableDescriptor]: descriptor,
    [Tag.RedPaletteColorLookupTableData]: bulk('00281201'),
    [Tag.GreenPaletteColorLookupTableData]: bulk('00281202'),
    [Tag.BluePaletteColorLookupTableData]: bulk('00281203'),
    ...extra,
  };
}

const frames = (sop: string, metadata: DicomJsonDataset, n: number): StackImage[] =>
  Array.from({ length: n }, (_, k) => ({
    imageId: `wadors:${ROOT}/studies/1.2/series/1.2.3/instances/${sop}/frames/${k + 1}`,
    metadata,
    descriptor: describeImage(metadata, k + 1),
    frameNumber: k + 1,
  }));

describe('stack metadata for the image loader', () => {
  beforeEach(() => {
    fetched.length = 0;
    answer = async () => le16(256);
  });

  it('resolves a multi-frame instance’s palette once, through the source’s own root', async () => {
    const ds = instance('1.2.3.4');
    const images = frames('1.2.3.4', ds, 10);
    const out = await loaderMetadata(images);
    expect(fetched.sort()).toEqual(['00281201', '00281202', '00281203'].map((t) => `${ROOT}/studies/1.2/series/1.2.3/instances/1.2.3.4/bulk/${t}`));
    expect(out.get(ds)?.[Tag.RedPaletteColorLookupTableDescriptor]?.Value).toEqual([256, 0, 8]);
    expect(out.get(ds)?.[Tag.RedPaletteColorLookupTableData]?.Value?.slice(0, 3)).toEqual([0, 1, 2]);
    expect(undrawableImageReason(images[9]!.imageId)).toBeUndefined();
    // Shown again: nothing fetched again.
    await loaderMetadata(images);
    expect(fetched).toHaveLength(3);
  });

  it('remembers why frames cannot be drawn (palette unreadable, no size) and tries a failed palette again later', async () => {
    answer = () => Promise.reject(new Error('Retrieving bulk data failed (HTTP 503)'));
    const broken = frames('1.2.3.5', instance('1.2.3.5'), 2);
    const empty = frames(
      '1.2.3.6',
      { [Tag.SOPInstanceUID]: { vr: 'UI', Value: ['1.2.3.6'] }, [Tag.Rows]: { vr: 'US', Value: [0] }, [Tag.Columns]: { vr: 'US', Value: [4] } },
      1,
    );
    const out = await loaderMetadata([...broken, ...empty]);
    expect(out.get(broken[0]!.metadata)).toBe(broken[0]!.metadata);
    expect(undrawableImageReason(broken[1]!.imageId)).toBe('its palette colour lookup table could not be read (Retrieving bulk data failed (HTTP 503))');
    expect(undrawableImageReason(empty[0]!.imageId)).toBe('the image has no size (4 columns × 0 rows)');
    answer = async () => le16(256);
    await loaderMetadata(broken);
    expect(undrawableImageReason(broken[0]!.imageId)).toBeUndefined();
  });

  it('leaves other images alone', async () => {
    const grey: DicomJsonDataset = {
      [Tag.SOPInstanceUID]: { vr: 'UI', Value: ['1.2.3.7'] },
      [Tag.PhotometricInterpretation]: { vr: 'CS', Value: ['MONOCHROME2'] },
      [Tag.Rows]: { vr: 'US', Value: [4] },
      [Tag.Columns]: { vr: 'US', Value: [4] },
    };
    const out = await loaderMetadata(frames('1.2.3.7', grey, 1));
    expect(out.get(grey)).toBe(grey);
    expect(fetched).toEqual([]);
  });
});
