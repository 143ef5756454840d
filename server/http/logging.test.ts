import { describe, expect, it } from 'vitest';
import { testGateway } from '../test-gateway.ts';
import { loggedPath, pathOnly } from './logging.ts';
import { lines, listen, rawRequest, refusedPort, startFakeUpstream, testConfig } from '../test-helpers.ts';

describe('request logging', () => {
  it('logs method, path, status and time, never a query value', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    });
    const refused = await refusedPort();
    const log = lines();
    const app = (
      await testGateway(
        testConfig({
          logLevel: 'trace',
          sources: [
            { id: 'main', label: 'A', upstream: { root: `${upstream.url}/dicom-web` } },
            { id: 'down', label: 'B', upstream: { root: `http://127.0.0.1:${refused}/dicom-web` } },
          ],
        }),
        undefined,
        { logStream: log.stream },
      )
    ).app;
    try {
      const url = await listen(app);
      await rawRequest(url, '/dicom-web/studies?PatientName=Privacy^Patricia*&PatientID=MRN-424242');
      await rawRequest(url, '/sources/down/dicom-web/studies?PatientName=Privacy^Patricia*');
      await rawRequest(url, '/api/unknown?PatientName=Privacy^Patricia', { headers: { accept: 'application/json' } });
      await rawRequest(url, '/worklist?PatientName=Privacy^Patricia', { headers: { accept: 'text/html' } });
      await rawRequest(url, '/dicom-web/studies?PatientName=Privacy^Patricia', { method: 'DELETE' });
      // Refused by the DICOMweb gate and the Host check: still one line each, still without the query.
      await rawRequest(url, '/dicom-web/studies?PatientName=Privacy^Patricia&_method=DELETE');
      await rawRequest(url, '/dicom-web/servers/peer?PatientName=Privacy^Patricia');
      await rawRequest(url, '/dicom-web/studies?PatientName=Privacy^Patricia&limit=-1');
      await rawRequest(url, '/dicom-web/studies?PatientName=Privacy^Patricia', { headers: { host: 'attacker.example' } });
      await rawRequest(url, '/dicom-web/studies?PatientName=Privacy^Patricia', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-http-method-override': 'DELETE' },
        body: Buffer.from('--x--'),
      });
    } finally {
      await app.close();
      await upstream.close();
    }
    const text = log.text();
    expect(text).toContain('"path":"/dicom-web/studies"');
    expect(text).toContain('"statusCode":200');
    expect(text).toContain('"path":"/sources/down/dicom-web/studies"');
    expect(text).toContain('"statusCode":502');
    expect(text).toMatch(/"ms":\d+/);
    expect(text).not.toContain('Privacy');
    expect(text).not.toContain('Patricia');
    expect(text).not.toContain('MRN-424242');
    expect(text).not.toContain('PatientName');
    for (const status of [400, 404, 421, 415]) expect(text).toContain(`"statusCode":${status}`);
    expect(text).toContain('"method":"POST","path":"/dicom-web/studies","statusCode":415');
    expect(text).not.toContain('_method');
  });

  it('never logs the token of a share link', () => {
    expect(loggedPath('/s/AbC-_123?x=1')).toBe('/s/[token]');
    expect(loggedPath('/sources/main/dicom-web/studies')).toBe('/sources/main/dicom-web/studies');
  });

  it('pathOnly strips the query string and fragment', () => {
    expect(pathOnly('/dicom-web/studies?PatientName=X')).toBe('/dicom-web/studies');
    expect(pathOnly('/a#b?c')).toBe('/a');
    expect(pathOnly(undefined)).toBe('/');
  });
});
