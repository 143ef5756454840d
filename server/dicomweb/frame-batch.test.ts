import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testGateway } from '../test-gateway.ts';
import { acceptsGzip } from './frame-batch.ts';
import { multipartParts } from './multipart-test-helpers.ts';
import { listen, rawRequest, refusedPort, startFakeUpstream, testConfig, type FakeUpstream, testSession } from '../test-helpers.ts';

/** The frame batch route against stand-in archives: validation, order, the window, failures, compression. */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const STUDY = '1.2.3';
const SERIES = '1.2.3.4';
const ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

async function gatewayFor(upstreamRoot: string, upstreamExtra: Record<string, unknown> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = (
    await testGateway(
      testConfig({
        sources: [
          { id: 'main', label: 'Test archive', upstream: { root: upstreamRoot, ...upstreamExtra } },
          { id: 'other', label: 'Other archive', upstream: { root: upstreamRoot } },
        ],
      }),
    )
  ).app;
  cleanups.push(() => app.close());
  return { app, url: await listen(app) };
}

async function fake(handler: http.RequestListener): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream(handler);
  cleanups.push(() => upstream.close());
  return upstream;
}

/** What Orthanc sends for one frame: a one-part multipart/related body. */
function frameResponse(res: http.ServerResponse, contentType: string, body: Buffer): void {
  const boundary = 'upstream-boundary';
  res.writeHead(200, { 'content-type': `multipart/related; type="${contentType}"; boundary=${boundary}` });
  res.end(Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\nMIME-Version: 1.0\r\n\r\n`), body, Buffer.from(`\r\n--${boundary}--`)]));
}

/** Frame bytes that name their instance and frame, so order and identity can be checked. */
function frameBytes(url: string): Buffer {
  return Buffer.from(`pixels of ${/instances\/(.+)$/.exec(url)![1]} ${'x'.repeat(2000)}`);
}

function batchPath(frames: string[], prefix = '/dicom-web'): string {
  return `${prefix}/studies/${STUDY}/series/${SERIES}/frames-batch?${frames.map((f) => `frame=${f}`).join('&')}`;
}

describe('frame batch: what is refused before asking the archive', () => {
  it('answers 404 for bad UIDs and unknown sources, 400 for bad frame lists, 406 without a multipart Accept', async () => {
    let asked = 0;
    const upstream = await fake((_req, res) => {
      asked++;
      res.end();
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const cases: Array<[string, number, string]> = [
      [`/dicom-web/studies/1.2.x/series/${SERIES}/frames-batch?frame=1.2:1`, 404, 'not_found'],
      [`/dicom-web/studies/${STUDY}/series/..%2F..%2Fsystem/frames-batch?frame=1.2:1`, 404, 'not_found'],
      [`/dicom-web/studies/${'1.'.repeat(40)}1/series/${SERIES}/frames-batch?frame=1.2:1`, 404, 'not_found'],
      [`/dicom-web/studies/${STUDY}/series/${SERIES}/frames-batch`, 400, 'bad_frames'],
      [batchPath(['1.2.5']), 400, 'bad_frames'],
      [batchPath(['1.2.5:0']), 400, 'bad_frames'],
      [batchPath(['1.2.5:1x']), 400, 'bad_frames'],
      [batchPath(['../../tools:1']), 400, 'bad_frames'],
      [batchPath(['1.2.5%2F..:1']), 400, 'bad_frames'],
      [batchPath(['1.2.5:1', '1.2.5:1']), 400, 'bad_frames'],
      [batchPath(Array.from({ length: 33 }, (_, i) => `1.2.${i + 1}:1`)), 400, 'bad_frames'],
      [batchPath(['1.2.5:1'], '/sources/nope/dicom-web'), 404, 'unknown_source'],
    ];
    for (const [path, status, error] of cases) {
      const res = await rawRequest(url, path, { headers: { accept: ACCEPT } });
      expect({ path, status: res.status, error: JSON.parse(res.body.toString()).error }).toEqual({ path, status, error });
    }
    const noAccept = await rawRequest(url, batchPath(['1.2.5:1']), { headers: { accept: 'application/json' } });
    expect(noAccept.status).toBe(406);
    expect(asked).toBe(0);
  });
});

describe('frame batch: streaming from the archive', () => {
  it("asks the archive with the standard frame request, the browser's Accept and the gateway's credentials", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const paths: string[] = [];
    const upstream = await fake((req, res) => {
      seen.push(req.headers);
      paths.push(req.url!);
      frameResponse(res, 'image/jls; transfer-syntax=1.2.840.10008.1.2.4.80', frameBytes(req.url!));
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`, { authorization: 'Bearer archive-token' });
    const res = await rawRequest(url, batchPath(['1.2.5:1', '1.2.6:3']), {
      headers: { accept: ACCEPT, authorization: 'Basic browser', cookie: `${testSession.cookie}; session=browser`, 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(paths.sort()).toEqual([
      `/dicom-web/studies/${STUDY}/series/${SERIES}/instances/1.2.5/frames/1`,
      `/dicom-web/studies/${STUDY}/series/${SERIES}/instances/1.2.6/frames/3`,
    ]);
    for (const headers of seen) {
      expect(headers.accept).toBe(ACCEPT);
      expect(headers.authorization).toBe('Bearer archive-token');
      expect(headers.cookie).toBeUndefined();
      expect(headers['accept-encoding']).toBe('identity');
    }
    // JPEG-LS is not worth compressing again.
    expect(res.headers['content-encoding']).toBeUndefined();
    const parts = multipartParts(res.body, String(res.headers['content-type']));
    expect(parts.map((p) => [p.headers['content-location'], p.headers['content-type']])).toEqual([
      [`/dicom-web/studies/${STUDY}/series/${SERIES}/instances/1.2.5/frames/1`, 'image/jls; transfer-syntax=1.2.840.10008.1.2.4.80'],
      [`/dicom-web/studies/${STUDY}/series/${SERIES}/instances/1.2.6/frames/3`, 'image/jls; transfer-syntax=1.2.840.10008.1.2.4.80'],
    ]);
    expect(parts[1]!.body.equals(frameBytes('/instances/1.2.6/frames/3'))).toBe(true);
  });

  it('sends the parts in the order asked whatever order the archive answers in, fetching at most four frames ahead', async () => {
    const frames = Array.from({ length: 10 }, (_, i) => `1.2.${i + 1}:1`);
    const held: Array<{ url: string; res: http.ServerResponse }> = [];
    let maxPending = 0;
    let pending = 0;
    const answer = (item: { url: string; res: http.ServerResponse }) => {
      pending--;
      frameResponse(item.res, 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', frameBytes(item.url));
    };
    const upstream = await fake((req, res) => {
      pending++;
      maxPending = Math.max(maxPending, pending);
      held.push({ url: req.url!, res });
      // Hold the first four, then answer them last first; later ones are answered at once.
      if (held.length === 4) setTimeout(() => [...held].reverse().forEach(answer), 50);
      else if (held.length > 4) answer(held[held.length - 1]!);
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const res = await rawRequest(url, batchPath(frames), { headers: { accept: ACCEPT } });
    expect(res.status).toBe(200);
    expect(maxPending).toBe(4);
    const parts = multipartParts(res.body, String(res.headers['content-type']));
    expect(parts.map((p) => p.body.toString().split(' ').slice(0, 3).join(' '))).toEqual(frames.map((f) => `pixels of ${f.replace(':', '/frames/')}`));
  });

  it('marks a frame the archive refused and sends the others', async () => {
    const upstream = await fake((req, res) => {
      if (req.url!.includes('/instances/1.2.6/')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"Message":"Unknown resource"}');
        return;
      }
      frameResponse(res, 'image/jls', frameBytes(req.url!));
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const res = await rawRequest(url, batchPath(['1.2.5:1', '1.2.6:1', '1.2.7:1'], '/sources/other/dicom-web'), { headers: { accept: ACCEPT } });
    expect(res.status).toBe(200);
    const parts = multipartParts(res.body, String(res.headers['content-type']));
    expect(parts.map((p) => p.headers['readroom-frame-status'])).toEqual([undefined, '404', undefined]);
    expect(parts[1]!.headers['content-location']).toBe(`/sources/other/dicom-web/studies/${STUDY}/series/${SERIES}/instances/1.2.6/frames/1`);
    expect(JSON.parse(parts[1]!.body.toString())).toMatchObject({ status: 404, error: 'archive_refused_frame' });
    expect(parts[2]!.body.equals(frameBytes('/instances/1.2.7/frames/1'))).toBe(true);
  });

  it('marks a frame whose archive answer is not a one-part multipart body', async () => {
    const upstream = await fake((req, res) => {
      if (req.url!.includes('/instances/1.2.5/')) res.writeHead(200, { 'content-type': 'multipart/related; boundary=b' }).end('--b\r\n\r\ncut short');
      else frameResponse(res, 'image/jls', frameBytes(req.url!));
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const res = await rawRequest(url, batchPath(['1.2.5:1', '1.2.6:1']), { headers: { accept: ACCEPT } });
    const parts = multipartParts(res.body, String(res.headers['content-type']));
    expect(parts.map((p) => p.headers['readroom-frame-status'])).toEqual(['502', undefined]);
    expect(JSON.parse(parts[0]!.body.toString()).error).toBe('archive_bad_response');
  });

  it('gzips native pixel data when the browser accepts it', async () => {
    const upstream = await fake((req, res) => frameResponse(res, 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', frameBytes(req.url!)));
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const res = await rawRequest(url, batchPath(['1.2.5:1', '1.2.6:1']), { headers: { accept: ACCEPT, 'accept-encoding': 'gzip, br' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    const parts = multipartParts(gunzipSync(res.body), String(res.headers['content-type']));
    expect(parts.map((p) => p.body.equals(frameBytes(p.headers['content-location']!)))).toEqual([true, true]);
    const plain = await rawRequest(url, batchPath(['1.2.5:1']), { headers: { accept: ACCEPT } });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers 502 archive_unreachable like the proxy when the archive refuses connections', async () => {
    const { url } = await gatewayFor(`http://127.0.0.1:${await refusedPort()}/dicom-web`);
    const res = await rawRequest(url, batchPath(['1.2.5:1', '1.2.6:1']), { headers: { accept: ACCEPT } });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'archive_unreachable' });
  });

  it('stops asking the archive when the browser goes away', async () => {
    const closed: string[] = [];
    let asked = 0;
    let closeClient: () => void = () => undefined;
    const upstream = await fake((req) => {
      asked++;
      req.socket.once('close', () => closed.push(req.url!));
      if (asked === 4) closeClient();
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const base = new URL(url);
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: base.hostname,
        port: base.port,
        path: batchPath(Array.from({ length: 12 }, (_, i) => `1.2.${i + 1}:1`)),
        headers: { accept: ACCEPT, cookie: testSession.cookie },
        agent: false,
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      closeClient = () => req.destroy();
      req.end();
    });
    await expect.poll(() => closed.length).toBe(4);
    expect(asked).toBe(4);
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding with its weights', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0, gzip')).toBe(true);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
