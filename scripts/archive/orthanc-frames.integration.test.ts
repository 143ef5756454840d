import { describe, expect, inject, it } from 'vitest';
import { allInstances, readManifest, type ManifestInstance, type VoxelRef } from '../samples/manifest.ts';
import { parseMultipart } from '../samples/multipart.ts';
import { TaskPool } from '../samples/pool.ts';
import { TransferSyntax } from '../samples/transfer-syntaxes.ts';
import { sharedArchive } from '../testing/shared-archive.ts';

/**
 * Proves the remedy for Orthanc's crash on decoding (stack-size shim, GDCM plugin loaded):
 * every frame of every sample, as stored bytes and decoded by Orthanc, 8 requests at a time.
 */

const dicomWebRoot = inject('dicomWebRoot');
const archive = sharedArchive();
const manifest = readManifest(inject('manifestPath'));

const PARALLEL_REQUESTS = 8;
const acceptFrames = (transferSyntax: string) => `multipart/related; type="application/octet-stream"; transfer-syntax=${transferSyntax}`;

/** Orthanc 1.10 answers 500 to stored-bytes requests for these and must be asked for a decoded frame. */
const SERVED_ONLY_DECODED = new Set<string>([TransferSyntax.explicitBigEndian, TransferSyntax.deflatedExplicitLittleEndian]);

interface FrameRequest {
  label: string;
  url: string;
  transferSyntax: string;
  check(status: number, parts: Buffer[]): string | undefined;
}

function decodedFrameBytes(instance: ManifestInstance): number {
  return Math.ceil((instance.rows * instance.columns * instance.samplesPerPixel * instance.bitsAllocated) / 8);
}

const expectStatus500 = (status: number) => (status === 500 ? undefined : `expected 500, got ${status}`);

const expectOnePart = (expectedLength?: number) => (status: number, parts: Buffer[]) => {
  if (status !== 200) return `HTTP ${status}`;
  if (parts.length !== 1) return `${parts.length} parts`;
  const length = parts[0]!.length;
  if (length === 0) return 'empty part';
  if (expectedLength !== undefined && length !== expectedLength) return `${length} bytes, expected ${expectedLength}`;
  return undefined;
};

function frameRequests(): FrameRequest[] {
  return allInstances(manifest).flatMap(({ study, series, instance }) =>
    Array.from({ length: instance.frames }, (_, i) => i + 1).flatMap((frame) => {
      const url = `${dicomWebRoot}/studies/${study.studyInstanceUID}/series/${series.seriesInstanceUID}/instances/${instance.sopInstanceUID}/frames/${frame}`;
      const label = `${study.key} ${series.description} #${frame}`;
      return [
        { label: `${label} stored`, url, transferSyntax: '*', check: SERVED_ONLY_DECODED.has(instance.transferSyntaxUID) ? expectStatus500 : expectOnePart() },
        { label: `${label} decoded`, url, transferSyntax: TransferSyntax.explicitLittleEndian, check: expectOnePart(decodedFrameBytes(instance)) },
      ];
    }),
  );
}

async function fetchFrame(url: string, transferSyntax: string): Promise<{ status: number; parts: Buffer[] }> {
  const response = await archive.gatewayFetch(url, { headers: { Accept: acceptFrames(transferSyntax) } });
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, parts: [] };
  return { status: 200, parts: parseMultipart(body, response.headers.get('content-type') ?? '').map((p) => p.body) };
}

describe('WADO-RS frames from Orthanc', () => {
  it('serves every frame of every sample, stored and decoded, without crashing', async () => {
    const requests = frameRequests();
    const failures: string[] = [];
    const pool = new TaskPool(PARALLEL_REQUESTS);
    const started = Date.now();
    let made = 0;
    for (const request of requests) {
      await pool.submit(async () => {
        made++;
        try {
          const { status, parts } = await fetchFrame(request.url, request.transferSyntax);
          const problem = request.check(status, parts);
          if (problem) failures.push(`${request.label}: ${problem}`);
        } catch (error) {
          failures.push(`${request.label}: ${String(error)}`);
        }
      });
    }
    await pool.drain();
    const seconds = (Date.now() - started) / 1000;
    const system = await archive.adminFetch('/system');
    console.log(
      `WADO-RS frames: ${made} requests (${requests.length / 2} frames × stored/decoded), ${PARALLEL_REQUESTS} in parallel, ${seconds.toFixed(1)} s, ${failures.length} failures; archive ${system.status === 200 ? 'still up' : `DOWN (${system.status})`}`,
    );
    expect(failures).toEqual([]);
    expect(system.status).toBe(200);
    const frames = allInstances(manifest).reduce((n, { instance }) => n + instance.frames, 0);
    expect(made).toBe(2 * frames);
  });

  it('decodes the known pixels and the known object of the current chest CT bit-exactly', async () => {
    const columns = allInstances(manifest).find(({ instance }) => instance.sopInstanceUID === manifest.knownObject.centre.sopInstanceUID)!.instance.columns;
    const storedAt = async (ref: VoxelRef, seriesUrl: string) => {
      const { status, parts } = await fetchFrame(`${seriesUrl}/instances/${ref.sopInstanceUID}/frames/1`, TransferSyntax.explicitLittleEndian);
      expect(status).toBe(200);
      return parts[0]!.readInt16LE(2 * (ref.row * columns + ref.column));
    };
    for (const pixel of manifest.knownPixels) {
      const seriesUrl = `${dicomWebRoot}/studies/${pixel.studyInstanceUID}/series/${pixel.seriesInstanceUID}`;
      expect(await storedAt(pixel, seriesUrl), pixel.name).toBe(pixel.storedValue);
    }
    const { knownObject } = manifest;
    const intercept = manifest.knownPixels[0]!.hu - manifest.knownPixels[0]!.storedValue;
    const centre = await storedAt(knownObject.centre, `${dicomWebRoot}/studies/${knownObject.studyInstanceUID}/series/${knownObject.seriesInstanceUID}`);
    expect(Math.abs(centre + intercept - knownObject.hu)).toBeLessThanOrEqual(Math.max(...manifest.knownPixels.map((p) => p.noiseHu)));
  });
});
