import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testGateway } from './test-gateway.ts';
import { parseConfig } from './config.ts';
import { listen, rawRequest } from './test-helpers.ts';
import { multipartParts } from './dicomweb/multipart-test-helpers.ts';
import { encodeQueryValue } from '../src/dicomweb/query-encoding.ts';

/** The gateway in front of the shared, seeded development archive (read-only use). */

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

const archiveRoot = inject('dicomWebRoot');
// The development archive answers its `gateway` user only (scripts/archive/credentials.ts).
const authorization = inject('archiveGatewayAuthorization');
let app: FastifyInstance;
let gatewayUrl: string;

function text(item: DicomJson, tag: string): string | undefined {
  const value = item[tag]?.Value?.[0];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic: unknown }).Alphabetic);
  return undefined;
}

async function directJson(path: string): Promise<DicomJson[]> {
  const res = await fetch(`${archiveRoot}${path}`, { headers: { accept: 'application/dicom+json', authorization } });
  expect(res.status).toBe(200);
  return (await res.json()) as DicomJson[];
}

beforeAll(async () => {
  const config = parseConfig(
    {
      logLevel: 'warn',
      sources: [{ id: 'dev', label: 'Development archive', upstream: { root: archiveRoot, authorization }, quirks: { queryValueEncoding: 'literal' } }],
    },
    { origin: 'integration test' },
  );
  app = (await testGateway(config)).app;
  gatewayUrl = await listen(app);
});

afterAll(async () => {
  await app?.close();
});

describe('gateway in front of the development archive', () => {
  it('QIDO through the gateway returns the archive studies', async () => {
    const direct = await directJson('/studies');
    expect(direct.length).toBeGreaterThan(0);
    const res = await rawRequest(gatewayUrl, '/dicom-web/studies', { headers: { accept: 'application/dicom+json' } });
    expect(res.status).toBe(200);
    const viaGateway = JSON.parse(res.body.toString()) as DicomJson[];
    const uids = (items: DicomJson[]) => items.map((s) => text(s, '0020000D')).sort();
    expect(uids(viaGateway)).toEqual(uids(direct));
    // Orthanc builds RetrieveURLs from the Forwarded header: they point back at the gateway.
    for (const study of viaGateway) expect(text(study, '00081190')).toMatch(new RegExp(`^${gatewayUrl}/dicom-web/studies/`));
  });

  it('keeps literal ^ and * in QIDO values so Orthanc matches patient names', async () => {
    const [study] = await directJson('/studies?limit=1');
    const name = text(study!, '00100010');
    const uid = text(study!, '0020000D');
    expect(name).toBeTruthy();
    // What the SPA sends for a 'literal' source (src/dicomweb/query-encoding.ts: URL-unsafe ASCII becomes `?`, non-ASCII runs `*`).
    const family = name!.includes('^') ? `${name!.slice(0, name!.indexOf('^'))}^*` : `${name}*`;
    const res = await rawRequest(gatewayUrl, `/dicom-web/studies?PatientName=${encodeQueryValue(family, 'literal')}&includefield=00100010`, {
      headers: { accept: 'application/dicom+json' },
    });
    expect(res.status).toBe(200);
    const found = (JSON.parse(res.body.toString()) as DicomJson[]).map((s) => text(s, '0020000D'));
    expect(found).toContain(uid);
  });

  it('frames retrieved through the gateway are byte-identical to the direct ones', async () => {
    // transfer-syntax=*: the stored bytes, so Orthanc does not have to decode (see notes/orthanc.md).
    // Big-endian and deflated instances answer 500 to that; they are skipped, not compared.
    const headers = { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
    const base = new URL(archiveRoot);
    let compared = 0;
    for (const instance of await directJson('/instances?limit=20')) {
      if (compared === 5) break;
      const path = `/studies/${text(instance, '0020000D')}/series/${text(instance, '0020000E')}/instances/${text(instance, '00080018')}/frames/1`;
      const direct = await rawRequest(base.origin, `${base.pathname}${path}`, { headers: { ...headers, authorization } });
      if (direct.status !== 200) continue;
      const proxied = await rawRequest(gatewayUrl, `/dicom-web${path}`, { headers });
      expect(proxied.status).toBe(200);
      expect(proxied.aborted).toBe(false);
      const [directPart] = multipartParts(direct.body, String(direct.headers['content-type']));
      const proxiedParts = multipartParts(proxied.body, String(proxied.headers['content-type']));
      expect(proxiedParts.length).toBe(1);
      expect(proxiedParts[0]!.body.length).toBeGreaterThan(0);
      expect(Buffer.compare(proxiedParts[0]!.body, directPart!.body)).toBe(0);
      expect(proxiedParts[0]!.headers['content-type']).toBe(directPart!.headers['content-type']);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('passes Orthanc error statuses and JSON messages through', async () => {
    const res = await rawRequest(gatewayUrl, '/dicom-web/studies/1.2.3.4.5.6.7.8.9/metadata', { headers: { accept: 'application/dicom+json' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it("answers 400 to a negative limit or offset instead of the archive's 500", async () => {
    for (const query of ['limit=-1', 'offset=-1']) {
      const direct = await fetch(`${archiveRoot}/studies?${query}`, { headers: { authorization } });
      await direct.arrayBuffer();
      expect(direct.status, `the archive itself, ${query}`).toBe(500);
      const res = await rawRequest(gatewayUrl, `/dicom-web/studies?${query}`, { headers: { accept: 'application/dicom+json' } });
      expect(res.status, query).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'bad_query' });
    }
  });

  it('health reports the archive reachable', async () => {
    const res = await rawRequest(gatewayUrl, '/api/health');
    const body = JSON.parse(res.body.toString());
    expect(body).toMatchObject({ gateway: 'ok', sources: [{ id: 'dev', label: 'Development archive', reachable: true }] });
  });
});
