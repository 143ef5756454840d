import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { insertChainRow, lockChainHead, type ChainHead } from './queries.ts';
import { searchFieldsOf, type AuditEvent } from './record.ts';

/**
 * The hash chain: record n stores `hash_n = SHA-256(n "\n" hash_{n-1} "\n" record_n)`, where record_n is
 * the canonical JSON of the event (keys sorted, no spaces) and hash_0 is 64 zeros. Changing, removing or
 * inserting a record changes every hash after it, which `verify.ts` recomputes.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys in code-point order and nothing undefined: one text per value, whatever built it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(seq: number, prevHash: string, record: string): string {
  return createHash('sha256').update(`${seq}\n${prevHash}\n${record}`, 'utf8').digest('hex');
}

/**
 * Appends one event inside the caller's transaction. The head row stays locked until that transaction
 * ends, so concurrent appends (this process or another replica) queue instead of forking the chain.
 */
export async function appendToChain(tx: Queryable, event: AuditEvent): Promise<ChainHead> {
  const head = await lockChainHead(tx);
  const seq = head.seq + 1;
  const record = canonicalJson(event);
  const hash = chainHash(seq, head.hash, record);
  await insertChainRow(tx, { seq, hash, prevHash: head.hash, record, fields: searchFieldsOf(event) });
  return { seq, hash };
}
