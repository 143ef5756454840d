import http from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/**
 * What a series costs on the wire through the gateway, measured the way a browser asks: the series
 * metadata as DICOM JSON and every frame as stored bytes (`transfer-syntax=*`), both with
 * `Accept-Encoding: gzip, deflate` (Orthanc compresses what it can). Bytes = response header block +
 * body as received. The input of the physical floor.
 */
export interface SeriesWireBytes {
  metadata: number;
  /** The first frame of the first instance by Instance Number (the image a viewer opens on). */
  firstFrame: number;
  /** Every frame of the series. */
  series: number;
  frames: number;
}

interface RawResponse {
  status: number;
  wireBytes: number;
  body: Buffer;
}

function get(url: string, accept: string, cookie?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept, 'accept-encoding': 'gzip, deflate', ...(cookie ? { cookie } : {}) }, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      let headerBytes = 15;
      for (let i = 0; i < res.rawHeaders.length; i += 2) headerBytes += res.rawHeaders[i]!.length + res.rawHeaders[i + 1]!.length + 4;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const body = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, wireBytes: headerBytes + raw.length, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 60 s: ${url}`)));
    req.on('error', reject);
  });
}

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;
const num = (item: DicomJson, tag: string, fallback: number) => Number(item[tag]?.Value?.[0] ?? fallback);

/** `cookie`: a signed-in session of the gateway (every DICOMweb request needs one). */
export async function measureSeriesWireBytes(dicomWebRoot: string, studyUID: string, seriesUID: string, cookie?: string): Promise<SeriesWireBytes> {
  const seriesUrl = `${dicomWebRoot}/studies/${studyUID}/series/${seriesUID}`;
  const meta = await get(`${seriesUrl}/metadata`, 'application/dicom+json', cookie);
  if (meta.status !== 200) throw new Error(`series metadata answered HTTP ${meta.status}: ${seriesUrl}/metadata`);
  const instances = (JSON.parse(meta.body.toString('utf8')) as DicomJson[])
    .map((item) => ({ uid: String(item['00080018']?.Value?.[0]), number: num(item, '00200013', 0), frames: num(item, '00280008', 1) }))
    .sort((a, b) => a.number - b.number);
  const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  let series = 0;
  let firstFrame = 0;
  let frames = 0;
  const queue = instances.flatMap((inst) => Array.from({ length: inst.frames }, (_, f) => `${seriesUrl}/instances/${inst.uid}/frames/${f + 1}`));
  const sizes = new Map<string, number>();
  const workers = Array.from({ length: 4 }, async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      const res = await get(url, accept, cookie);
      if (res.status !== 200) throw new Error(`frame answered HTTP ${res.status}: ${url}`);
      sizes.set(url, res.wireBytes);
    }
  });
  await Promise.all(workers);
  for (const [url, size] of sizes) {
    series += size;
    frames++;
    if (instances[0] && url.endsWith(`/instances/${instances[0].uid}/frames/1`)) firstFrame = size;
  }
  return { metadata: meta.wireBytes, firstFrame, series, frames };
}
