import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { keptDraftNotice, parseDraft, restoredNotice, type AnnotationDraft } from './annotation-draft.ts';
import { deleteDraft, readDraft, writeDraft } from './draft-store.ts';

const draft: AnnotationDraft = {
  version: 2,
  owner: 'radiologist',
  sourceName: 'local',
  studyInstanceUID: '1.2.3',
  updatedAt: Date.UTC(2024, 2, 14, 10, 5),
  annotations: [
    {
      annotationUID: 'a1',
      toolName: 'Length',
      imageId: 'wadors:/dicom-web/studies/1.2.3/series/4/instances/5/frames/1',
      metadata: { toolName: 'Length', FrameOfReferenceUID: '9.8.7', viewPlaneNormal: [0, 0, -1], viewUp: [0, -1, 0] },
      points: [
        [-100.5, 20.25, -30],
        [-80, 40, -30],
      ],
      textBox: [-70, 45, -30],
      text: '28.4 mm',
    },
    {
      annotationUID: 'a2',
      toolName: 'ArrowAnnotate',
      metadata: {},
      imageId: 'wadors:/dicom-web/studies/1.2.3/series/4/instances/5/frames/1',
      points: [
        [0, 0, 0],
        [1, 1, 0],
      ],
      label: 'Nodule',
      text: 'Nodule',
    },
  ],
};

describe('draft store (IndexedDB)', () => {
  it('keeps a draft per reader, data source and study until it is deleted', async () => {
    await writeDraft(draft);
    await writeDraft({ ...draft, sourceName: 'pacs', annotations: [] });
    expect(await readDraft('radiologist', 'local', '1.2.3')).toEqual(draft);
    expect((await readDraft('radiologist', 'pacs', '1.2.3'))?.annotations).toEqual([]);
    expect(await readDraft('radiologist', 'local', '9.9.9')).toBeUndefined();
    await deleteDraft('radiologist', 'local', '1.2.3');
    expect(await readDraft('radiologist', 'local', '1.2.3')).toBeUndefined();
    expect(await readDraft('radiologist', 'pacs', '1.2.3')).toBeDefined();
  });

  it('never shows one reader’s draft to another signed in on the same browser', async () => {
    await writeDraft(draft);
    expect(await readDraft('radiologist2', 'local', '1.2.3')).toBeUndefined();
    await writeDraft({ ...draft, owner: 'radiologist2', annotations: [] });
    expect((await readDraft('radiologist', 'local', '1.2.3'))?.annotations).toHaveLength(2);
    expect((await readDraft('radiologist2', 'local', '1.2.3'))?.annotations).toEqual([]);
  });
});

describe('parseDraft', () => {
  it('survives a JSON round trip', () => {
    expect(parseDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
  });

  it('ignores what it did not write', () => {
    expect(parseDraft(undefined)).toBeUndefined();
    expect(parseDraft({ ...draft, version: 1 })).toBeUndefined();
    expect(parseDraft({ ...draft, owner: undefined })).toBeUndefined();
    expect(parseDraft({ ...draft, annotations: [{ ...draft.annotations[0], points: [[1, 2]] }] })).toBeUndefined();
  });
});

describe('restoredNotice', () => {
  it('names how many and since when', () => {
    const at = new Date(2024, 2, 14, 9, 5).getTime();
    expect(restoredNotice(3, at, new Date(2024, 2, 14, 18, 0))).toBe('Restored 3 unsaved annotations from 09:05');
    expect(restoredNotice(1, at, new Date(2024, 2, 15, 8, 0))).toBe('Restored 1 unsaved annotation from 2024-03-14 09:05');
    expect(keptDraftNotice(2, at, new Date(2024, 2, 14, 18, 0))).toBe(
      '2 unsaved annotations from 09:05 are kept in this browser and come back when the study opens.',
    );
  });
});
