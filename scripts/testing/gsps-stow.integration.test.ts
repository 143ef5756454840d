import { afterAll, describe, expect, inject, it } from 'vitest';
import { readManifest } from '../samples/manifest.ts';
import { writeGspsPart10 } from '../../src/gsps/build-gsps.ts';
import { planPresentations } from '../../src/gsps/plan-presentations.ts';
import { readGsps } from '../../src/gsps/read-gsps.ts';
import { newUid } from '../../src/gsps/uid.ts';
import type { DataSource } from '../../src/dicomweb/runtime-config.ts';
import { getString } from '../../src/dicomweb/dicom-json.ts';
import { searchSeries } from '../../src/dicomweb/qido.ts';
import { storeInstances } from '../../src/dicomweb/stow.ts';
import { Tag } from '../../src/dicomweb/tags.ts';
import { retrieveSeriesMetadata } from '../../src/dicomweb/wado.ts';
import { fetchArchiveAsGateway, sharedArchive } from './shared-archive.ts';

const dicomWebRoot = inject('dicomWebRoot');
const archive = sharedArchive();
fetchArchiveAsGateway(archive);
const manifest = readManifest(inject('manifestPath'));
const source: DataSource = {
  sourceName: 'local',
  friendlyName: 'Test archive',
  qidoRoot: dicomWebRoot,
  wadoRoot: dicomWebRoot,
  stowRoot: dicomWebRoot,
  quirks: { queryValueEncoding: 'literal' },
};
const chest = manifest.studies.find((s) => s.key === 'ct-chest-current')!;
const ctSeries = chest.series.find((s) => s.modality === 'CT')!;
const storedSeries: string[] = [];

/** Other integration tests count the study's series: take what this file stored out again. */
afterAll(async () => {
  for (const uid of storedSeries) {
    const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: uid })).json()) as Array<{ ID: string }>;
    if (match) await archive.adminFetch(`/series/${match.ID}`, { method: 'DELETE' });
  }
});

describe('storeInstances (STOW-RS) against the real archive', () => {
  it('stores a presentation state planned from the archive’s own metadata; QIDO finds it and it reads back', async () => {
    const metadata = await retrieveSeriesMetadata(source, chest.studyInstanceUID, ctSeries.seriesInstanceUID);
    const slice = metadata.find((ds) => getString(ds, Tag.InstanceNumber) === '100')!;
    const sop = getString(slice, Tag.SOPInstanceUID)!;
    const existing = await searchSeries(source, chest.studyInstanceUID);
    const plan = planPresentations({
      images: [
        { dataset: slice, frameNumber: 1, view: { voi: { center: -600, width: 1500 }, spatial: { rotation: 0, horizontalFlip: false }, invert: false } },
      ],
      annotations: [
        {
          kind: 'length',
          referencedSopInstanceUID: sop,
          frameNumber: 1,
          points: [
            [100.5, 100.25],
            [200, 210],
          ],
          text: '120.4 mm',
        },
      ],
      creatorName: 'Integration^Test',
      now: new Date(),
      newUid: () => newUid(),
      seriesNumber: () => Math.max(0, ...existing.map((s) => s.seriesNumber ?? 0)) + 1,
    });
    const [series] = plan.series;
    const input = series!.presentations[0]!;
    storedSeries.push(series!.seriesInstanceUID);

    const result = await storeInstances(source, [{ sopInstanceUID: input.uids.sopInstanceUID, bytes: writeGspsPart10(input) }]);
    expect(result.sopInstanceUIDs).toEqual([input.uids.sopInstanceUID]);

    const found = await archive.gatewayFetch(`${dicomWebRoot}/studies/${chest.studyInstanceUID}/series?Modality=PR`, {
      headers: { Accept: 'application/dicom+json' },
    });
    const rows = (await found.json()) as Array<Record<string, { Value?: unknown[] }>>;
    expect(rows.map((r) => r[Tag.SeriesInstanceUID]?.Value?.[0])).toContain(series!.seriesInstanceUID);

    const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: input.uids.sopInstanceUID })).json()) as Array<{ ID: string }>;
    const file = await (await archive.adminFetch(`/instances/${match!.ID}/file`)).arrayBuffer();
    const content = readGsps(file);
    expect(content.studyInstanceUID).toBe(chest.studyInstanceUID);
    expect(content.creator).toContain('Integration');
    expect(content.graphics[0]!.points).toEqual([
      [100.5, 100.25],
      [200, 210],
    ]);
    expect(content.texts.map((t) => t.text)).toEqual(['120.4 mm']);
    expect(content.voi[0]).toMatchObject({ center: -600, width: 1500 });
  });

  it('fails with a readable error when the archive refuses the body, and stores nothing', async () => {
    const sopInstanceUID = newUid();
    await expect(storeInstances(source, [{ sopInstanceUID, bytes: new TextEncoder().encode('not DICOM').buffer as ArrayBuffer }])).rejects.toThrow(
      /Saving to the archive/,
    );
    const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: sopInstanceUID })).json()) as unknown[];
    expect(match).toBeUndefined();
  });
});
