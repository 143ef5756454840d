import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { frameMllp, unframeMllp } from './mllp.ts';

/**
 * Real receivers for the delivery tests, on loopback, started and stopped by the tests: a FHIR server
 * that stores what it is sent (and honours If-None-Exist), and an MLLP listener that acknowledges each
 * message with the code the test sets. Both can be stopped and started again on the same port (a
 * receiver that is down, then back).
 */

export interface FhirReceiver {
  url: string;
  /** Every DiagnosticReport stored, in arrival order. */
  stored: Array<{ resource: Record<string, unknown>; headers: Record<string, string | string[] | undefined> }>;
  /** POSTs received (stored or not). */
  posts: number;
  /** Status codes to answer next, one per request, before storing normally (e.g. [500]). */
  failNext: number[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFhirReceiver(): Promise<FhirReceiver> {
  let server: HttpServer | undefined;
  let port = 0;
  const receiver: FhirReceiver = {
    url: '',
    stored: [],
    posts: 0,
    failNext: [],
    async start() {
      server = createHttpServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (req.method !== 'POST' || req.url !== '/fhir/DiagnosticReport') {
            res.writeHead(404).end();
            return;
          }
          receiver.posts += 1;
          const status = receiver.failNext.shift();
          if (status !== undefined) {
            res.writeHead(status, { 'content-type': 'application/fhir+json' });
            res.end(
              JSON.stringify({
                resourceType: 'OperationOutcome',
                issue: [{ severity: 'error', code: 'exception', diagnostics: `Test receiver answers ${status}` }],
              }),
            );
            return;
          }
          if (!String(req.headers['content-type']).startsWith('application/fhir+json')) {
            res.writeHead(415).end();
            return;
          }
          const resource = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          // Conditional create: `identifier=system|value` already stored → 200 with the existing one.
          const condition = /^identifier=([^|]*)\|(.*)$/.exec(String(req.headers['if-none-exist'] ?? ''));
          const existing = condition
            ? receiver.stored.find((s) =>
                (s.resource['identifier'] as Array<{ system?: string; value?: string }> | undefined)?.some(
                  (i) => i.system === decodeURIComponent(condition[1]!) && i.value === decodeURIComponent(condition[2]!),
                ),
              )
            : undefined;
          if (existing) {
            res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(existing.resource));
            return;
          }
          const id = String(receiver.stored.length + 1);
          receiver.stored.push({ resource: { ...resource, id }, headers: req.headers });
          res.writeHead(201, { 'content-type': 'application/fhir+json', location: `${receiver.url}/DiagnosticReport/${id}/_history/1` });
          res.end(JSON.stringify({ ...resource, id }));
        });
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
      receiver.url = `http://127.0.0.1:${port}/fhir`;
    },
    async stop() {
      if (!server) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    },
  };
  await receiver.start();
  return receiver;
}

export interface MllpReceiver {
  host: string;
  port: number;
  /** Every message received, in arrival order. */
  received: string[];
  /** The acknowledgement code to answer (AA by default), and its text. */
  answer: { code: 'AA' | 'AE' | 'AR'; text?: string };
  start(): Promise<void>;
  stop(): Promise<void>;
}

function ackFor(message: string, code: string, text: string | undefined): string {
  const msh = message.split('\r')[0]!.split('|');
  return [
    `MSH|^~\\&|RIS|HOSPITAL|${msh[2] ?? ''}|${msh[3] ?? ''}|20261203120000||ACK^R01^ACK|ACK${msh[9] ?? ''}|P|2.5.1`,
    `MSA|${code}|${msh[9] ?? ''}${text ? `|${text}` : ''}`,
    '',
  ].join('\r');
}

export async function startMllpReceiver(): Promise<MllpReceiver> {
  let server: TcpServer | undefined;
  const sockets = new Set<Socket>();
  const receiver: MllpReceiver = {
    host: '127.0.0.1',
    port: 0,
    received: [],
    answer: { code: 'AA' },
    async start() {
      server = createTcpServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        let buffered: Buffer = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          buffered = Buffer.concat([buffered, chunk]);
          const { messages, rest } = unframeMllp(buffered);
          buffered = rest;
          for (const message of messages) {
            receiver.received.push(message);
            socket.write(frameMllp(ackFor(message, receiver.answer.code, receiver.answer.text)));
          }
        });
      });
      await new Promise<void>((resolve) => server!.listen(receiver.port, '127.0.0.1', resolve));
      receiver.port = (server.address() as { port: number }).port;
    },
    async stop() {
      if (!server) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    },
  };
  await receiver.start();
  return receiver;
}
