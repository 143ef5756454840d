import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { testGateway, testDatabase } from '../test-gateway.ts';
import { refusedPort, startFakeUpstream, testConfig } from '../test-helpers.ts';
import { forwardingState } from './queries.ts';
import { createAuditRecorder, type AuditRecorder } from './recorder.ts';
import { userAuthentication } from './record.ts';
import { startSyslogForwarder, type SyslogForwarder } from './syslog-forwarder.ts';

/** The forwarder against a real TLS syslog collector on loopback, with a certificate made for the test. */

let dir: string;
let certFile: string;
let keyFile: string;

/** An RFC 5425 collector: TLS, octet-counted frames, restartable on the same port. */
class Collector {
  readonly messages: Buffer[] = [];
  private server: tls.Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = tls.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const space = pending.indexOf(0x20);
          if (space < 0) break;
          const length = Number(pending.subarray(0, space).toString('ascii'));
          if (!Number.isInteger(length) || length <= 0) throw new Error(`bad frame length ${pending.subarray(0, space).toString()}`);
          if (pending.length < space + 1 + length) break;
          this.messages.push(pending.subarray(space + 1, space + 1 + length));
          pending = pending.subarray(space + 1 + length);
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  async waitFor(count: number, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`collector has ${this.messages.length} of ${count} messages`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function until(condition: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const login = (userId: string) =>
  userAuthentication({ kind: 'login', time: new Date('2026-12-02T10:00:00.000Z'), sourceId: 'gw-test', requestor: { userId, address: '127.0.0.1' } });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'readroom-syslog-'));
  certFile = path.join(dir, 'cert.pem');
  keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('syslog forwarding over TLS', () => {
  let db: Database;
  let recorder: AuditRecorder;
  let forwarder: SyslogForwarder;
  const collector = new Collector();
  const log = { warn: () => undefined, info: () => undefined };

  beforeAll(async () => {
    db = await testDatabase();
    recorder = createAuditRecorder(db, { onceKeyLifetimeS: 3600 });
    await collector.start();
    forwarder = startSyslogForwarder({
      db,
      target: { host: '127.0.0.1', port: collector.port, caFile: certFile },
      hostname: 'gw-test',
      log,
      pollMs: 60_000,
      retryMinMs: 50,
      retryMaxMs: 200,
    });
    recorder.onAppend(() => forwarder.kick());
  });

  afterAll(async () => {
    await forwarder?.close();
    await collector.stop();
  });

  it('sends each record once, in order, as an RFC 5424 message carrying the DICOM audit XML', async () => {
    for (const user of ['ada', 'bo', 'cy']) await recorder.record(login(user));
    await collector.waitFor(3);
    const texts = collector.messages.map((m) => m.toString('utf8'));
    for (const [i, user] of ['ada', 'bo', 'cy'].entries()) {
      expect(texts[i]).toMatch(
        new RegExp(`^<85>1 2026-12-02T10:00:00.000Z gw-test readroom ${process.pid} IHE\\+RFC-3881 - \uFEFF<AuditMessage>.*UserID="${user}".*</AuditMessage>$`),
      );
    }
    await until(async () => (await forwardingState(db, forwarder.destination))?.forwardedSeq === 3, 'position 3 stored');
  });

  it('keeps what it could not send while the collector is down, and sends it when it is back', async () => {
    await collector.stop();
    // Let the forwarder see its connection close before the next record.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await recorder.record(login('dee'));
    await recorder.record(login('eve'));
    await until(async () => Boolean((await forwardingState(db, forwarder.destination))?.lastError), 'a failure recorded');
    expect((await forwardingState(db, forwarder.destination))?.forwardedSeq).toBe(3);
    expect(collector.messages).toHaveLength(3);

    await collector.start(collector.port);
    await collector.waitFor(5);
    expect(collector.messages.slice(3).map((m) => /UserID="([^"]+)"/.exec(m.toString())?.[1])).toEqual(['dee', 'eve']);
    await until(async () => (await forwardingState(db, forwarder.destination))?.forwardedSeq === 5, 'position 5 stored');
    expect((await forwardingState(db, forwarder.destination))?.lastError).toBeNull();
  });

  it('does not send to a collector whose certificate it cannot trust', async () => {
    await forwarder.close();
    const untrusting = startSyslogForwarder({
      db,
      target: { host: '127.0.0.1', port: collector.port },
      hostname: 'gw-test',
      log,
      pollMs: 60_000,
      retryMinMs: 5_000,
      owner: 'untrusting',
    });
    try {
      await recorder.record(login('fay'));
      untrusting.kick();
      await until(async () => Boolean((await forwardingState(db, untrusting.destination))?.lastError), 'a TLS failure recorded');
      expect((await forwardingState(db, untrusting.destination))?.lastError).toMatch(/certificate/i);
      expect((await forwardingState(db, untrusting.destination))?.forwardedSeq).toBe(5);
      expect(collector.messages).toHaveLength(5);
    } finally {
      await untrusting.close();
    }
  });
});

describe('a gateway whose collector is unreachable', () => {
  it('still answers patient requests at once', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    });
    const config = testConfig({
      audit: { syslog: { url: `tls://127.0.0.1:${await refusedPort()}`, ca: certFile } },
      sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }],
    });
    const { app } = await testGateway(config);
    try {
      const started = Date.now();
      for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/dicom-web/studies?limit=1' })).statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await app.close();
      await upstream.close();
    }
  });
});
