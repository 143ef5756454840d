import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readManifest, type ManifestSeries, type ManifestStudy } from '../../scripts/samples/manifest.ts';
import { testGateway } from '../test-gateway.ts';
import { parseConfig } from '../config.ts';
import { multipartParts } from './multipart-test-helpers.ts';
import { listen, rawRequest } from '../test-helpers.ts';

/** Frame batches through the gateway against the shared, seeded development archive (read-only use). */

const archiveRoot = inject('dicomWebRoot');
// The development archive answers its `gateway` user only (scripts/archive/credentials.ts).
const authorization = inject('archiveGatewayAuthorization');
const manifest = readManifest(inject('manifestPath'));
const STORED = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const EVRLE = 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';

let app: FastifyInstance;
let gatewayUrl: string;

beforeAll(async () => {
  const config = parseConfig(
    { logLevel: 'warn', sources: [{ id: 'dev', label: 'Development archive', upstream: { root: archiveRoot, authorization } }] },
    { origin: 'integration test' },
  );
  app = (await testGateway(config)).app;
  gatewayUrl = await listen(app);
});

afterAll(async () => {
  await app?.close();
});

function seriesOf(studyKey: string, description?: string): { study: ManifestStudy; series: ManifestSeries } {
  const study = manifest.studies.find((s) => s.key === studyKey)!;
  const series = study.series.find((s) => description === undefined || s.description.startsWith(description))!;
  expect(series).toBeDefined();
  return { study, series };
}

interface Frame {
  sop: string;
  frame: number;
}

function batchPath(study: ManifestStudy, series: ManifestSeries, frames: Frame[]): string {
  return `/dicom-web/studies/${study.studyInstanceUID}/series/${series.seriesInstanceUID}/frames-batch?${frames.map((f) => `frame=${f.sop}:${f.frame}`).join('&')}`;
}

/** The archive's own answer to the standard single-frame request. */
async function singleFrame(
  study: ManifestStudy,
  series: ManifestSeries,
  f: Frame,
  accept: string,
): Promise<{ status: number; contentType?: string; body?: Buffer }> {
  const root = new URL(archiveRoot);
  const res = await rawRequest(
    root.origin,
    `${root.pathname}/studies/${study.studyInstanceUID}/series/${series.seriesInstanceUID}/instances/${f.sop}/frames/${f.frame}`,
    { headers: { accept, authorization } },
  );
  if (res.status !== 200) return { status: res.status };
  const [part] = multipartParts(res.body, String(res.headers['content-type']));
  return { status: 200, contentType: part!.headers['content-type'], body: part!.body };
}

describe('frame batches through the gateway', () => {
  it('returns the same bytes as the single-frame requests, in the order asked', async () => {
    const { study, series } = seriesOf('ct-chest-current');
    // 32 frames outward from the middle of the series, the order prefetch asks in.
    const frames = series.instances.slice(94, 126).map((i) => ({ sop: i.sopInstanceUID, frame: 1 }));
    const asked = frames.map((_, k) => frames[15 + (k % 2 === 0 ? k / 2 : -(k + 1) / 2)] ?? frames[k]!);
    expect(new Set(asked.map((f) => f.sop)).size).toBe(32);
    const res = await rawRequest(gatewayUrl, batchPath(study, series, asked), { headers: { accept: STORED, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.aborted).toBe(false);
    const parts = multipartParts(res.body, String(res.headers['content-type']));
    expect(parts).toHaveLength(32);
    for (const [k, f] of asked.entries()) {
      const single = await singleFrame(study, series, f, STORED);
      expect(parts[k]!.headers['content-location']).toBe(
        `/dicom-web/studies/${study.studyInstanceUID}/series/${series.seriesInstanceUID}/instances/${f.sop}/frames/1`,
      );
      expect(parts[k]!.headers['content-type']).toBe(single.contentType);
      expect(parts[k]!.headers['content-type']).toContain('transfer-syntax=1.2.840.10008.1.2.4.80');
      expect(Buffer.compare(parts[k]!.body, single.body!)).toBe(0);
    }
  });

  it('returns the frames of a multi-frame instance, and compresses native pixel data for the link', async () => {
    const { study, series } = seriesOf('pydicom', 'rtdose.dcm');
    const sop = series.instances[0]!.sopInstanceUID;
    const frames = [7, 1, 15].map((frame) => ({ sop, frame }));
    const res = await rawRequest(gatewayUrl, batchPath(study, series, frames), { headers: { accept: STORED, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const parts = multipartParts(gunzipSync(res.body), String(res.headers['content-type']));
    for (const [k, f] of frames.entries()) {
      const single = await singleFrame(study, series, f, STORED);
      expect(parts[k]!.headers['content-type']).toBe(single.contentType);
      expect(Buffer.compare(parts[k]!.body, single.body!)).toBe(0);
    }
  });

  it("marks frames the archive will not send as stored bytes, and sends them when asked for EVRLE (the client policy's retry)", async () => {
    const { study, series } = seriesOf('pydicom', 'rtdose_expb.dcm');
    const sop = series.instances[0]!.sopInstanceUID;
    const frames = [1, 2].map((frame) => ({ sop, frame }));
    const stored = await rawRequest(gatewayUrl, batchPath(study, series, frames), { headers: { accept: STORED } });
    expect(stored.status).toBe(200);
    const refused = multipartParts(stored.body, String(stored.headers['content-type']));
    expect(refused.map((p) => p.headers['readroom-frame-status'])).toEqual(['500', '500']);
    const evrle = await rawRequest(gatewayUrl, batchPath(study, series, frames), { headers: { accept: EVRLE } });
    const parts = multipartParts(evrle.body, String(evrle.headers['content-type']));
    for (const [k, f] of frames.entries()) {
      const single = await singleFrame(study, series, f, EVRLE);
      expect(parts[k]!.headers['readroom-frame-status']).toBeUndefined();
      expect(parts[k]!.headers['content-type']).toBe(single.contentType);
      expect(Buffer.compare(parts[k]!.body, single.body!)).toBe(0);
    }
  });

  it('marks an unknown instance as failed and sends the frames around it', async () => {
    const { study, series } = seriesOf('ct-chest-current');
    const [a, b] = series.instances;
    const frames = [
      { sop: a!.sopInstanceUID, frame: 1 },
      { sop: '1.2.826.0.1.3680043.2.1125.999999', frame: 1 },
      { sop: b!.sopInstanceUID, frame: 1 },
    ];
    const res = await rawRequest(gatewayUrl, batchPath(study, series, frames), { headers: { accept: STORED } });
    expect(res.status).toBe(200);
    const parts = multipartParts(res.body, String(res.headers['content-type']));
    expect(parts.map((p) => p.headers['readroom-frame-status'])).toEqual([undefined, '404', undefined]);
    expect(JSON.parse(parts[1]!.body.toString())).toMatchObject({ error: 'archive_refused_frame', status: 404 });
    expect(Buffer.compare(parts[2]!.body, (await singleFrame(study, series, frames[2]!, STORED)).body!)).toBe(0);
  });

  it('refuses a UID that is not one (400 in the frame list, 404 in the path), without asking the archive', async () => {
    const { study, series } = seriesOf('ct-chest-current');
    const bad = await rawRequest(gatewayUrl, batchPath(study, series, [{ sop: '2.25.1;/../../tools', frame: 1 }]), { headers: { accept: STORED } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error).toBe('bad_frames');
    const badSeries = await rawRequest(gatewayUrl, `/dicom-web/studies/${study.studyInstanceUID}/series/abc/frames-batch?frame=1.2:1`, {
      headers: { accept: STORED },
    });
    expect(badSeries.status).toBe(404);
    expect(JSON.parse(badSeries.body.toString()).error).toBe('not_found');
  });
});
