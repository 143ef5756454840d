import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { toDicomAuditMessage } from './dicom-xml.ts';
import { markForwarded, markForwardingFailed, readChainAfter, releaseForwardingLease, takeForwardingLease } from './queries.ts';
import type { AuditEvent } from './record.ts';
import { AUDIT_MSGID, octetCountingFrame, syslogMessage } from './syslog.ts';

/**
 * Sends the audit trail to a syslog collector over TLS (RFC 5425), in chain order, in the background.
 * The position sent so far is kept in the database (`audit_forwarding`), advanced only after a batch
 * was written to the connection, so a collector that is down or refuses the connection loses nothing:
 * the forwarder retries with a growing delay and resumes where it stopped. A lease in the same row lets
 * one replica at a time send. Patient requests never wait for any of this.
 *
 * RFC 5425 has no acknowledgement: messages written just before a collector dies can be lost in flight;
 * the chain in the database stays the record of truth.
 */

export interface SyslogTarget {
  host: string;
  port: number;
  /** PEM files: the collector's CA, and this gateway's certificate and key for mutual TLS. */
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

export interface ForwarderOptions {
  db: Database;
  target: SyslogTarget;
  /** HOSTNAME of the syslog messages. */
  hostname: string;
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
  batchSize?: number;
  /** How often to look for records written by other replicas. */
  pollMs?: number;
  retryMinMs?: number;
  retryMaxMs?: number;
  leaseS?: number;
  connectTimeoutMs?: number;
  /** Names this replica in the lease. */
  owner?: string;
}

export interface SyslogForwarder {
  readonly destination: string;
  /** New records are there: send soon. */
  kick(): void;
  close(): Promise<void>;
}

export function syslogDestination(target: Pick<SyslogTarget, 'host' | 'port'>): string {
  return `tls://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}

export function startSyslogForwarder(options: ForwarderOptions): SyslogForwarder {
  const { db, target, log } = options;
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollMs ?? 5_000;
  const retryMinMs = options.retryMinMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 60_000;
  const leaseS = options.leaseS ?? 60;
  const owner = options.owner ?? `${options.hostname}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
  const destination = syslogDestination(target);
  const credentials = {
    ...(target.caFile ? { ca: readFileSync(target.caFile) } : {}),
    ...(target.certFile ? { cert: readFileSync(target.certFile) } : {}),
    ...(target.keyFile ? { key: readFileSync(target.keyFile) } : {}),
  };

  let socket: TLSSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let closed = false;

  const dropSocket = () => {
    socket?.destroy();
    socket = undefined;
  };

  const connect = () =>
    new Promise<TLSSocket>((resolve, reject) => {
      const candidate = tls.connect({
        host: target.host,
        port: target.port,
        ...(isIP(target.host) ? {} : { servername: target.host }),
        ...credentials,
        timeout: options.connectTimeoutMs ?? 10_000,
      });
      const fail = (error: Error) => {
        candidate.destroy();
        reject(error);
      };
      candidate.once('error', fail);
      candidate.once('timeout', () => fail(new Error('TLS connection timed out')));
      candidate.once('secureConnect', () => {
        candidate.off('error', fail);
        candidate.setTimeout(0);
        // A collector has nothing to say; when it closes or fails, the next batch reconnects.
        candidate.on('error', () => candidate.destroy());
        candidate.on('end', () => candidate.destroy());
        candidate.on('close', () => {
          if (socket === candidate) socket = undefined;
        });
        candidate.resume();
        resolve(candidate);
      });
    });

  const write = (connection: TLSSocket, bytes: Buffer) =>
    new Promise<void>((resolve, reject) => {
      connection.write(bytes, (error) => (error ? reject(error) : resolve()));
    });

  const sendBatch = async (): Promise<'idle' | 'more'> => {
    const lease = await takeForwardingLease(db, destination, owner, leaseS);
    if (!lease) return 'idle';
    const rows = await readChainAfter(db, lease.forwardedSeq, batchSize);
    if (rows.length === 0) return 'idle';
    const frames = rows.map((row) => {
      const event = JSON.parse(row.record) as AuditEvent;
      const header = { time: event.time, hostname: options.hostname, appName: 'readroom', procId: String(process.pid), msgId: AUDIT_MSGID };
      return octetCountingFrame(syslogMessage(header, toDicomAuditMessage(event)));
    });
    if (!socket || socket.destroyed) socket = await connect();
    await write(socket, Buffer.concat(frames));
    await markForwarded(db, destination, owner, rows[rows.length - 1]!.seq);
    return rows.length === batchSize ? 'more' : 'idle';
  };

  const schedule = (delayMs: number) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
    timer.unref();
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        for (;;) {
          again = false;
          const state = await sendBatch();
          if (closed || (state === 'idle' && !again)) break;
        }
        if (failures > 0) log.info({ destination }, 'audit syslog: sending again');
        failures = 0;
        schedule(pollMs);
      } catch (error) {
        failures += 1;
        dropSocket();
        const message = (error as Error).message;
        await markForwardingFailed(db, destination, owner, message).catch(() => undefined);
        if (failures === 1 || failures % 10 === 0)
          log.warn({ destination, failures, cause: message }, 'audit syslog: the collector could not be reached; records are kept and sent later');
        schedule(Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(failures - 1, 16)));
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  schedule(0);
  return {
    destination,
    kick() {
      // While retrying after a failure, a new record does not hurry the next attempt.
      if (failures === 0) schedule(0);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await running;
      dropSocket();
      await releaseForwardingLease(db, destination, owner).catch(() => undefined);
    },
  };
}
