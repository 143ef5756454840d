import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Socket } from 'node:net';
import path from 'node:path';
import { acceptsGzip } from '../../server/dicomweb/frame-batch.ts';

/**
 * The browser's only server in a benchmark run: forwards requests to the gateway (or, for a peer viewer,
 * serves its static files and forwards only /dicom-web and the gateway's /api, where it signs in), and counts every byte it sends back. CDP sees
 * only page requests; requests from web workers (codecs, WASM, frames fetched in a worker) reach this
 * proxy too, so its count is the complete one.
 */

export type RequestKind = 'app' | 'metadata' | 'frame' | 'preview' | 'rendered' | 'qido' | 'other dicom-web';

export interface ProxyRecord {
  kind: RequestKind;
  /** Path without the query string (query strings can hold patient data). */
  path: string;
  status: number;
  /** Wall-clock ms (Date.now()) when the request arrived and when its last byte was handed to the socket. */
  start: number;
  end?: number;
  /** Response header block + body bytes as sent (body still compressed if it was). */
  bytes: number;
}

export interface CountingProxy {
  url: string;
  /** Starts a new count (between runs). */
  reset(): void;
  /** Requests since the last reset and the exact bytes written to client sockets. */
  snapshot(): { records: ProxyRecord[]; socketBytes: number };
  stop(): Promise<void>;
}

export interface CountingProxyOptions {
  port: number;
  /** The gateway, e.g. http://127.0.0.1:8080 (requests keep the browser's Host header). */
  upstream: string;
  /** When set, everything outside /dicom-web and /api is served from this folder (SPA fallback to index.html). */
  staticDir?: string;
  /** Static paths answered with generated content instead of the file (e.g. /app-config.js). */
  overrides?: Record<string, { body: string; type: string }>;
  /**
   * Gzip the app's text and WASM files (compressed once, then served from memory), as a production
   * deployment's web server or CDN does; DICOMweb responses pass through as the gateway sends them.
   */
  compressApp?: boolean;
}

export function requestKind(urlPath: string): RequestKind {
  if (!urlPath.startsWith('/dicom-web') && !urlPath.startsWith('/sources/')) return 'app';
  // Readroom's frame batches (one request, many frames) count as frames.
  if (/\/frames\/[\d,]+$/.test(urlPath) || /\/series\/[^/]+\/frames-batch$/.test(urlPath)) return 'frame';
  if (/\/frames\/[\d,]+\/rendered$/.test(urlPath)) return 'preview';
  if (/\/metadata$/.test(urlPath)) return 'metadata';
  if (/\/(rendered|thumbnail)$/.test(urlPath)) return 'rendered';
  if (/\/(studies|series|instances)$/.test(urlPath)) return 'qido';
  return 'other dicom-web';
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = /^(?:text\/|application\/(?:javascript|json|wasm|xml|manifest\+json)|image\/svg\+xml)/;

function headerBytes(res: http.ServerResponse): number {
  let n = 17; // status line, roughly
  for (const [k, v] of Object.entries(res.getHeaders())) n += k.length + String(v).length + 4;
  return n + 2;
}

function staticFile(staticDir: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = path.join(staticDir, path.normalize(decoded));
  if (!file.startsWith(staticDir + path.sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The key a compressed copy of an upstream answer is kept under, or undefined when it must not be kept for others. */
export function sharedCacheKey(urlPath: string, headers: http.IncomingHttpHeaders): string | undefined {
  const cacheControl = String(headers['cache-control'] ?? '').toLowerCase();
  if (/\b(no-store|private)\b/.test(cacheControl) || /\bcookie\b/i.test(String(headers['vary'] ?? ''))) return undefined;
  return `${urlPath} ${String(headers['etag'] ?? '')}`;
}

export async function startCountingProxy(opts: CountingProxyOptions): Promise<CountingProxy> {
  const upstream = new URL(opts.upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let records: ProxyRecord[] = [];
  const sockets = new Map<Socket, number>(); // socket → bytesWritten at the last reset
  let closedBytes = 0;
  const gzipped = new Map<string, Buffer>();

  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    const record: ProxyRecord = { kind: requestKind(urlPath), path: urlPath, status: 0, start: Date.now(), bytes: 0 };
    records.push(record);
    const finish = () => {
      record.status = res.statusCode;
      record.end = Date.now();
    };
    res.once('finish', finish);
    res.once('close', () => record.end ?? finish());

    if (opts.staticDir && record.kind === 'app' && !urlPath.startsWith('/api/')) {
      const override = opts.overrides?.[urlPath];
      if (override) {
        res.writeHead(200, { 'content-type': override.type, 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(override.body) });
        record.bytes = headerBytes(res) + Buffer.byteLength(override.body);
        res.end(override.body);
        return;
      }
      const file = staticFile(opts.staticDir, urlPath) ?? (/\.[a-z0-9]+$/i.test(urlPath) ? undefined : path.join(opts.staticDir, 'index.html'));
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      if (opts.compressApp && acceptsGzip(req.headers['accept-encoding']) && COMPRESSIBLE.test(type)) {
        const body = gzipped.get(file) ?? gzipSync(readFileSync(file));
        gzipped.set(file, body);
        res.writeHead(200, {
          'content-type': type,
          'content-encoding': 'gzip',
          vary: 'accept-encoding',
          'content-length': body.length,
          'cache-control': 'no-cache',
        });
        record.bytes = headerBytes(res) + body.length;
        res.end(body);
        return;
      }
      const size = statSync(file).size;
      res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-cache' });
      record.bytes = headerBytes(res) + size;
      createReadStream(file).pipe(res);
      return;
    }

    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (up) => {
      const type = String(up.headers['content-type'] ?? '');
      if (
        opts.compressApp &&
        record.kind === 'app' &&
        up.statusCode === 200 &&
        acceptsGzip(req.headers['accept-encoding']) &&
        COMPRESSIBLE.test(type) &&
        !up.headers['content-encoding']
      ) {
        const chunks: Buffer[] = [];
        up.on('data', (chunk: Buffer) => chunks.push(chunk));
        up.on('end', () => {
          // Only what a shared cache may keep is kept: the gateway's pages are per session (`no-store`,
          // they inline who is signed in or which link is open), so each is compressed afresh.
          const key = sharedCacheKey(urlPath, up.headers);
          const body = (key && gzipped.get(key)) || gzipSync(Buffer.concat(chunks));
          if (key) gzipped.set(key, body);
          const headers = { ...up.headers, 'content-encoding': 'gzip', vary: 'accept-encoding', 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(200, headers);
          record.bytes = headerBytes(res) + body.length;
          res.end(body);
        });
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      record.bytes += headerBytes(res);
      up.on('data', (chunk: Buffer) => {
        record.bytes += chunk.length;
      });
      up.pipe(res);
    });
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bench proxy: ${error.message}`);
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.set(socket, 0);
    socket.once('close', () => {
      closedBytes += socket.bytesWritten - (sockets.get(socket) ?? 0);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });

  return {
    url: `http://127.0.0.1:${opts.port}`,
    reset() {
      records = [];
      closedBytes = 0;
      for (const socket of sockets.keys()) sockets.set(socket, socket.bytesWritten);
    },
    snapshot() {
      let socketBytes = closedBytes;
      for (const [socket, base] of sockets) socketBytes += socket.bytesWritten - base;
      return { records: records.map((r) => ({ ...r })), socketBytes };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
