import { afterEach, describe, expect, it, vi } from 'vitest';
import { BULK_DATA_ACCEPT, retrieveBulkData } from './wado.ts';

const multipart = (boundary: string, body: Uint8Array) => {
  const head = new TextEncoder().encode(`--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`);
  const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
  return new Uint8Array([...head, ...body, ...tail]);
};

describe('WADO-RS bulk data', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for multipart (Orthanc 1.10 refuses octet-stream alone) and returns the first part', async () => {
    const calls: { url: string; accept: string | null }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, accept: new Headers(init.headers).get('Accept') });
      return new Response(multipart('b0undary', Uint8Array.of(1, 2, 3, 4)), {
        headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=b0undary' },
      });
    });
    expect(Array.from(await retrieveBulkData('/dicom-web/studies/1/series/2/instances/3/bulk/00281201'))).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual([{ url: '/dicom-web/studies/1/series/2/instances/3/bulk/00281201', accept: `${BULK_DATA_ACCEPT}, application/octet-stream;q=0.5` }]);
  });

  it('takes a single-part answer as it is, and names an archive refusal', async () => {
    vi.stubGlobal('fetch', async () => new Response(Uint8Array.of(9, 8), { headers: { 'Content-Type': 'application/octet-stream' } }));
    expect(Array.from(await retrieveBulkData('/x/studies/1/bulk/00281201'))).toEqual([9, 8]);
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 404 }));
    await expect(retrieveBulkData('/x/studies/1/bulk/00281201')).rejects.toThrow(/Retrieving bulk data was not found/);
  });
});
