import type { Queryable } from '../db/database.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';
import { readChainAfter, readChainHead, type ChainHead, type ChainRow } from './queries.ts';
import { searchFieldsOf, type AuditEvent, type SearchFields } from './record.ts';

/**
 * Walks the whole chain in order and reports the first record that does not fit: a gap in the
 * sequence, a link to the wrong previous hash, a record whose hash is not its content's, search
 * columns that disagree with the record, or a head that does not name the last record (records
 * removed from the end).
 */

export type VerifyResult = { ok: true; count: number; head: ChainHead } | { ok: false; count: number; brokenAt: number; reason: string };

function sameFields(a: SearchFields, b: SearchFields): string | undefined {
  if (a.at.getTime() !== b.at.getTime()) return 'time';
  for (const key of ['eventCode', 'outcome', 'userId', 'clientAddress', 'sourceId'] as const) if (a[key] !== b[key]) return key;
  for (const key of ['patientIds', 'studyUids'] as const) if (a[key].join('\u0000') !== b[key].join('\u0000') || a[key].length !== b[key].length) return key;
  return undefined;
}

function checkRow(row: ChainRow, expectedSeq: number, prevHash: string): string | undefined {
  if (row.seq !== expectedSeq) return `record ${expectedSeq} is missing (the next record is ${row.seq})`;
  if (row.prevHash !== prevHash) return `record ${row.seq} does not link to the hash of record ${row.seq - 1}`;
  if (chainHash(row.seq, row.prevHash, row.record) !== row.hash) return `record ${row.seq} was changed: its content does not match its hash`;
  let event: AuditEvent;
  try {
    event = JSON.parse(row.record) as AuditEvent;
  } catch {
    return `record ${row.seq} is not JSON`;
  }
  const differs = sameFields(searchFieldsOf(event), row.fields);
  if (differs) return `record ${row.seq} was changed: its ${differs} column does not match the hashed record`;
  return undefined;
}

export async function verifyChain(db: Queryable, pageSize = 1000): Promise<VerifyResult> {
  let count = 0;
  let prev: ChainHead = { seq: 0, hash: GENESIS_HASH };
  for (;;) {
    const rows = await readChainAfter(db, prev.seq, pageSize);
    for (const row of rows) {
      const reason = checkRow(row, prev.seq + 1, prev.hash);
      if (reason) return { ok: false, count, brokenAt: Math.min(row.seq, prev.seq + 1), reason };
      count += 1;
      prev = { seq: row.seq, hash: row.hash };
    }
    if (rows.length < pageSize) break;
  }
  const head = await readChainHead(db);
  if (head.seq !== prev.seq || head.hash !== prev.hash) {
    return {
      ok: false,
      count,
      brokenAt: prev.seq + 1,
      reason:
        head.seq > prev.seq
          ? `records ${prev.seq + 1}–${head.seq} are missing from the end (the chain head names record ${head.seq})`
          : `the chain head (record ${head.seq}) does not match the last record (${prev.seq})`,
    };
  }
  return { ok: true, count, head };
}
