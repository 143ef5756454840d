import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createAccount } from '../../server/auth/accounts.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { parseConfig } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { buildGateway } from '../../server/http/app.ts';
import { summarize } from './bench-stats.ts';

/**
 * What the audit trail adds to a frame request: sequential requests through a listening gateway to a
 * fake archive on loopback that answers every frame with the same 16 KiB multipart body, in four cases:
 *   - baseline: a proxied path the audit does not record (same proxy, same answer);
 *   - repeat: frames of a study already recorded in this session (the common case: no database work);
 *   - after restart: the first frame of an already recorded study in a new gateway process (one
 *     indexed SELECT finds the key);
 *   - new study: the first frame of a study (patient lookup at the archive, one chain append).
 * Runs on the embedded database, or on PostgreSQL when DATABASE_URL is set.
 *   npm run bench:audit [-- --requests 300]
 */

const REQUESTS = Math.max(50, Number(process.argv[process.argv.indexOf('--requests') + 1]) || 300);
const STUDIES = Math.min(REQUESTS, 100);
const FRAME = Buffer.concat([Buffer.from('--b\r\nContent-Type: application/octet-stream\r\n\r\n'), Buffer.alloc(16 * 1024, 7), Buffer.from('\r\n--b--\r\n')]);

function fakeArchive(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://archive');
    const study = url.searchParams.get('StudyInstanceUID');
    if (study) {
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end(JSON.stringify([{ '0020000D': { vr: 'UI', Value: [study] }, '00100020': { vr: 'LO', Value: ['BENCH-PATIENT'] } }]));
      return;
    }
    res.writeHead(200, { 'content-type': 'multipart/related; type="application/octet-stream"; boundary=b', 'content-length': FRAME.length });
    res.end(FRAME);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

async function listening(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function timed(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie, accept: 'multipart/related; type="application/octet-stream"' } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - started;
}

const study = (n: number) => `1.2.826.0.1.3680043.10.999.${n}`;
const framePath = (n: number, frame = 1) => `/dicom-web/studies/${study(n)}/series/1.2.3/instances/1.2.3.4/frames/${frame}`;

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  const db: Database = await openDatabase(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'embedded', dir: 'memory' });
  await migrate(db);
  const archive = await fakeArchive();
  const config = parseConfig(
    { logLevel: 'silent', staticDir: '/nonexistent', sources: [{ id: 'main', label: 'Bench archive', upstream: { root: `${archive.url}/dicom-web` } }] },
    { origin: 'bench' },
  );
  const username = `bench-${process.pid}`;
  await createAccount(db, { username, displayName: 'Bench Reader', roles: ['radiologist'], passwordHash: await hashPassword('bench password 1') });

  const first = await buildGateway(config, { db });
  const base = await listening(first);
  const signIn = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'bench password 1' }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;

  const samples: Record<string, number[]> = { baseline: [], repeat: [], 'after restart': [], 'new study': [] };
  // Warm-up: connections, JIT, the session's row.
  for (let i = 0; i < 30; i++) await timed(`${base}/dicom-web`, cookie);
  await timed(`${base}${framePath(0)}`, cookie);
  for (let i = 0; i < REQUESTS; i++) {
    samples['baseline']!.push(await timed(`${base}/dicom-web`, cookie));
    samples['repeat']!.push(await timed(`${base}${framePath(0, (i % 50) + 1)}`, cookie));
  }
  for (let n = 1; n <= STUDIES; n++) await timed(`${base}${framePath(n)}`, cookie);
  await first.close();

  const second = await buildGateway(config, { db });
  const base2 = await listening(second);
  for (let i = 0; i < 30; i++) await timed(`${base2}/dicom-web`, cookie);
  for (let n = 1; n <= STUDIES; n++) {
    samples['after restart']!.push(await timed(`${base2}${framePath(n)}`, cookie));
    samples['new study']!.push(await timed(`${base2}${framePath(STUDIES + n)}`, cookie));
  }
  await second.close();
  await archive.close();
  await db.close();

  const baseline = summarize(samples['baseline']!)!.median;
  console.log(
    `Frame request latency through the gateway (${databaseUrl ? 'PostgreSQL' : 'embedded database'}), ms: median (min–max), p95, added to the baseline median`,
  );
  for (const [name, list] of Object.entries(samples)) {
    const s = summarize(list)!;
    const p95 = [...list].sort((a, b) => a - b)[Math.floor(list.length * 0.95)]!;
    console.log(
      `  ${name.padEnd(14)} n=${String(s.n).padStart(4)}  ${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})  p95 ${p95.toFixed(2)}  +${(s.median - baseline).toFixed(2)}`,
    );
  }
}

await main();
