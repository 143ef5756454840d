import type { Database } from '../db/database.ts';
import { appendToChain } from './chain.ts';
import { claimOnce, onceAlreadyRecorded, pruneOnceKeys, type OnceKey } from './queries.ts';
import type { AuditEvent } from './record.ts';

/**
 * Writes audit events. A failure to write is an `AuditUnavailableError`: callers that are about to hand
 * out patient data refuse to (fail closed).
 *
 * Accesses recorded once per session (`recordOnce`) are deduplicated in the database (a unique key
 * claimed in the same transaction as the event), so every replica agrees. This process also remembers
 * the keys it has seen recorded, so the image path pays no database round trip for the second and
 * later frames of a study; that memory is a cache of database facts, never the only copy of one.
 */

export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
  /** A route that lets this error through answers 503 (the gateway's error handler reads it). */
  readonly statusCode = 503;
}

export interface AuditRecorder {
  record(event: AuditEvent): Promise<void>;
  /**
   * Records `build()` unless `key` was recorded before (`build` runs only when it may be needed).
   * Resolves to the event when this call appended it.
   */
  recordOnce(key: OnceKey, build: () => Promise<AuditEvent>): Promise<AuditEvent | undefined>;
  /** Called after each append (the syslog forwarder wakes up). */
  onAppend(listener: () => void): void;
}

export interface RecorderOptions {
  /** How long a once-per-session key is kept: at least the longest a session can live. */
  onceKeyLifetimeS: number;
  /** Keys remembered in memory (oldest forgotten first). */
  memoryLimit?: number;
}

const PRUNE_EVERY_MS = 3_600_000;

function keyText(key: OnceKey): string {
  return [key.sessionId, key.eventCode, key.sourceId, key.studyUid].join('\u0000');
}

export function createAuditRecorder(db: Database, options: RecorderOptions): AuditRecorder {
  const memoryLimit = options.memoryLimit ?? 50_000;
  const listeners: Array<() => void> = [];
  // Settled successes stay (the cache); a failure is removed so the next request tries again.
  const known = new Map<string, Promise<void>>();
  let lastPrune = 0;

  const notify = () => {
    for (const listener of listeners) listener();
  };

  const unavailable = (error: unknown) => new AuditUnavailableError(`The audit trail could not be written: ${(error as Error).message}`, { cause: error });

  const record = async (event: AuditEvent) => {
    try {
      await db.transaction((tx) => appendToChain(tx, event));
    } catch (error) {
      throw unavailable(error);
    }
    notify();
  };

  const recordOnceNow = async (key: OnceKey, build: () => Promise<AuditEvent>): Promise<AuditEvent | undefined> => {
    let appended: AuditEvent | undefined;
    try {
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneOnceKeys(db, options.onceKeyLifetimeS);
      }
      if (await onceAlreadyRecorded(db, key)) return undefined;
      const event = await build();
      appended = await db.transaction(async (tx) => {
        if (!(await claimOnce(tx, key))) return undefined;
        await appendToChain(tx, event);
        return event;
      });
    } catch (error) {
      throw unavailable(error);
    }
    if (appended) notify();
    return appended;
  };

  return {
    record,
    recordOnce(key, build) {
      const text = keyText(key);
      const pending = known.get(text);
      if (pending) return pending.then(() => undefined);
      const attempt = recordOnceNow(key, build);
      const settled = attempt.then(() => undefined);
      known.set(text, settled);
      if (known.size > memoryLimit) known.delete(known.keys().next().value!);
      settled.catch(() => {
        if (known.get(text) === settled) known.delete(text);
      });
      return attempt;
    },
    onAppend(listener) {
      listeners.push(listener);
    },
  };
}
