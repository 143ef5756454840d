import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { parseConfig, type GatewayConfig } from './config.ts';
import { isStudyFactsQuery } from './dicomweb/study-facts.ts';

/** Helpers shared by the gateway's unit tests (not used at runtime). */

export function testConfig(raw: Record<string, unknown> = {}): GatewayConfig {
  return parseConfig(
    {
      logLevel: 'silent',
      staticDir: '/nonexistent/readroom-dist',
      timeouts: { connectMs: 1000, responseMs: 1000, bodyIdleMs: 1000, healthMs: 1000 },
      sources: [{ id: 'main', label: 'Test archive', upstream: { root: 'http://127.0.0.1:9/dicom-web' } }],
      ...raw,
    },
    { origin: 'test' },
  );
}

export interface FakeUpstream {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A local HTTP server on 127.0.0.1:0 standing in for an archive; sockets are destroyed on close. The
 * gateway's own lookup of a study's patient (for the audit, server/dicomweb/study-facts.ts) is answered
 * as by an archive that does not know the study, so the handler sees only what the browser asked for.
 */
export async function startFakeUpstream(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { studyFacts?: 'unknown' | 'handler' } = {},
): Promise<FakeUpstream> {
  const answersFacts = options.studyFacts === 'handler';
  const server = http.createServer((req, res) => (!answersFacts && isStudyFactsQuery(req.url) ? res.end('[]') : handler(req, res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on which nothing listens (bound then released). */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** True when the connection ended before the complete body arrived. */
  aborted: boolean;
}

/** The session cookie of the latest test gateway (server/test-gateway.ts), sent by rawRequest unless a cookie is given. */
export const testSession = { cookie: '' };

/**
 * A plain node:http request: unlike fetch/inject it sends the path exactly as given and reports a
 * truncated body instead of throwing it away.
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const base = new URL(baseUrl);
    const headers = { ...(testSession.cookie ? { cookie: testSession.cookie } : {}), ...options.headers };
    const target = { host: base.hostname, port: Number(base.port), path, method: options.method ?? 'GET', headers, agent: false };
    const request = http.request(target, (response) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('aborted', () => (aborted = true));
      response.on('error', () => (aborted = true));
      response.on('close', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), aborted: aborted || !response.complete }),
      );
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

export function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))]);
}

export function lines(): { stream: { write(line: string): void }; text(): string } {
  const collected: string[] = [];
  return { stream: { write: (line: string) => void collected.push(line) }, text: () => collected.join('') };
}
