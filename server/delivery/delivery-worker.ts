import type { FastifyBaseLogger } from 'fastify';
import { appendToChain } from '../audit/chain.ts';
import type { Database } from '../db/database.ts';
import { deliveryAttempted } from './delivery-audit.ts';
import { DESTINATION_LABELS, KOS_DESTINATION, type Destination, type OutboxDestination, type SendOutcome } from './destinations.ts';
import { claimDue, isKosRow, recordOutcome, releaseClaim, type Claim, type Outcome } from './outbox-store.ts';
import type { KosSender, Sender } from './senders.ts';

/**
 * The delivery worker of one gateway process: every `pollMs` (and at once when a report is enqueued) it
 * claims due outbox rows of the configured destinations, sends them, and records each outcome together
 * with its audit record in one transaction. If that transaction fails (the audit trail cannot be
 * written), the row is not marked: its claim runs out and it is sent again — with the same message id,
 * which the receivers use to keep one copy — rather than being delivered without a record.
 */

export interface RetryPolicy {
  /** First retry after about this long; doubled per attempt. */
  baseMs: number;
  /** Longest wait between two attempts. */
  capMs: number;
  /** After this many attempts the row is failed (an admin can retry it). */
  maxAttempts: number;
}

export interface WorkerTarget {
  send: Sender;
  /** Names the receiver in the audit trail (no secret: host and port, or the URL without credentials). */
  receiver: string;
}

export interface KosWorkerTarget {
  send: KosSender;
  receiver: string;
}

export interface WorkerOptions {
  db: Database;
  targets: Partial<Record<Destination, WorkerTarget>>;
  /** Peer review's key-image documents (server/peer-review), sent from the same outbox. */
  kos?: KosWorkerTarget;
  retry: RetryPolicy;
  auditSourceId: string;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  pollMs?: number;
  /** How long a claim holds a row: longer than the slowest send (its timeouts). */
  leaseMs: number;
  batchSize?: number;
  random?: () => number;
  now?: () => Date;
  /** No timer: rounds run only by runOnce() (unit tests). */
  manual?: boolean;
}

export interface DeliveryWorker {
  /** Look for due rows now (a report was just enqueued, an admin asked for a retry). */
  kick(): void;
  /** One round (tests drive the worker with it): resolves when the claimed rows are recorded. */
  runOnce(): Promise<number>;
  close(): Promise<void>;
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random, capped. */
export function backoffMs(attempts: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** What to record after an attempt: retry until the policy's last attempt, then failed. */
export function nextOutcome(sent: SendOutcome, attempts: number, policy: RetryPolicy, now: Date, random?: () => number): Outcome {
  if (sent.kind === 'delivered') return { state: 'delivered' };
  if (sent.kind === 'failed') return { state: 'failed', error: sent.error };
  if (attempts >= policy.maxAttempts) return { state: 'failed', error: `${sent.error} (gave up after ${attempts} attempts)` };
  return { state: 'retrying', error: sent.error, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, policy, random)) };
}

export function startDeliveryWorker(options: WorkerOptions): DeliveryWorker {
  const pollMs = options.pollMs ?? 5_000;
  const batchSize = options.batchSize ?? 10;
  const now = options.now ?? (() => new Date());
  const destinations: OutboxDestination[] = [
    ...(Object.keys(options.targets) as Destination[]),
    ...(options.kos ? [KOS_DESTINATION as OutboxDestination] : []),
  ];
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let closed = false;

  const describe = (claim: Claim, outcome: Outcome, sent: SendOutcome): string => {
    const label = DESTINATION_LABELS[claim.row.destination];
    const attempt = `attempt ${claim.row.attempts}`;
    const what = isKosRow(claim.row) ? 'Key image selection' : 'Report';
    if (outcome.state === 'delivered') return `${what} delivered to ${label} (${attempt}; ${sent.kind === 'delivered' ? sent.detail : ''})`;
    if (outcome.state === 'retrying') return `${what} delivery to ${label} will be retried (${attempt}): ${outcome.error}`;
    return `${what} delivery to ${label} failed (${attempt}): ${outcome.error}`;
  };

  const attempt = async (claim: Claim): Promise<void> => {
    const row = claim.row;
    const target = isKosRow(row) ? options.kos! : options.targets[row.destination]!;
    let sent: SendOutcome;
    try {
      sent = isKosRow(row) ? await options.kos!.send(row, stopping.signal) : await options.targets[row.destination]!.send(row, stopping.signal);
    } catch (error) {
      sent = { kind: 'retry', error: `Readroom could not build or send the message: ${(error as Error).message}` };
    }
    if (stopping.signal.aborted && sent.kind !== 'delivered') {
      // Stopped mid-send: not the receiver's fault, not an attempt; the next start sends it again.
      await releaseClaim(options.db, claim).catch(() => undefined);
      return;
    }
    const outcome = nextOutcome(sent, claim.row.attempts, options.retry, now(), options.random);
    const event = deliveryAttempted({
      row: claim.row,
      state: outcome.state,
      receiver: target.receiver,
      description: describe(claim, outcome, sent),
      auditSourceId: options.auditSourceId,
      time: now(),
    });
    try {
      const recorded = await options.db.transaction(async (tx) => {
        if (!(await recordOutcome(tx, claim, outcome))) return false;
        await appendToChain(tx, event);
        return true;
      });
      const fields = { delivery: claim.row.id, destination: claim.row.destination, attempt: claim.row.attempts, state: outcome.state };
      // The receiver's message stays in the outbox and the audit trail: it may quote patient data, the log must not.
      if (!recorded) options.log.warn(fields, 'report delivery: the claim ran out before the outcome was recorded');
      else if (outcome.state === 'failed') options.log.error(fields, 'report delivery failed');
      else if (outcome.state === 'retrying') options.log.warn(fields, 'report delivery will be retried');
      else options.log.info(fields, 'report delivered');
    } catch (error) {
      options.log.error(
        { delivery: claim.row.id, destination: claim.row.destination, err: { message: (error as Error).message } },
        'report delivery: the outcome and its audit record could not be written; the message will be sent again',
      );
    }
  };

  const round = async (): Promise<number> => {
    if (closed || destinations.length === 0) return 0;
    const claims = await claimDue(options.db, destinations, batchSize, options.leaseMs);
    await Promise.all(claims.map(attempt));
    return claims.length;
  };

  const schedule = (delayMs: number) => {
    if (closed || options.manual) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void loop(), delayMs);
    timer.unref();
  };

  const loop = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    let claimed = 0;
    running = round();
    try {
      claimed = await running;
    } catch (error) {
      if (!closed) options.log.error({ err: { message: (error as Error).message } }, 'report delivery: the outbox could not be read');
    } finally {
      running = undefined;
    }
    // A full batch means more may be due: go on at once.
    if (again || claimed >= batchSize) {
      again = false;
      schedule(0);
    } else schedule(pollMs);
  };

  schedule(0);

  return {
    kick() {
      if (!closed) schedule(0);
    },
    async runOnce() {
      while (running) await running.catch(() => undefined);
      running = round();
      try {
        return await running;
      } finally {
        running = undefined;
      }
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      stopping.abort();
      await running?.catch(() => undefined);
    },
  };
}
