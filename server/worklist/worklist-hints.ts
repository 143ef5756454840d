import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth/access.ts';
import type { Database, Queryable } from '../db/database.ts';

/**
 * `GET|PUT /api/worklist-hints/:key`: the date-window hints of the worklist (see
 * src/worklist/window-hints.ts), kept per account in the database, so that a browser of the same reader
 * that has never run a query starts from the window another of their browsers found, and nobody learns
 * from a hint which queries someone else ran.
 *
 * A hint is a hashed query key and a DA date (or '' for "open towards the past"): no patient data.
 * Clients only use a hint after checking it against the archive, so a wrong or hostile hint costs a
 * request, never a wrong list. A key with no hint answers 200 `{ "from": null }`. Each account keeps its `HINTS_PER_ACCOUNT` most recently written hints.
 */
const KEY = /^[0-9a-z]{1,16}$/;
const FROM = /^(\d{8})?$/;
export const HINTS_PER_ACCOUNT = 500;

export async function readHint(db: Queryable, accountId: number, key: string): Promise<string | undefined> {
  const [row] = await db.query<{ from_date: string }>('SELECT from_date FROM worklist_hints WHERE account_id = $1 AND key = $2', [accountId, key]);
  return row?.from_date;
}

export async function writeHint(db: Database, accountId: number, key: string, from: string, capacity = HINTS_PER_ACCOUNT): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO worklist_hints (account_id, key, from_date) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, key) DO UPDATE SET from_date = EXCLUDED.from_date, updated_at = now()`,
      [accountId, key, from],
    );
    await tx.query(
      `DELETE FROM worklist_hints WHERE account_id = $1 AND key IN (
         SELECT key FROM worklist_hints WHERE account_id = $1 ORDER BY updated_at DESC, key OFFSET $2)`,
      [accountId, capacity],
    );
  });
}

export function registerWorklistHints(app: FastifyInstance, db: Database): void {
  const access = { config: { access: { permission: 'worklist:use' as const } } };
  app.get<{ Params: { key: string } }>('/api/worklist-hints/:key', access, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!KEY.test(request.params.key)) return reply.code(400).send({ error: 'bad_request', message: 'Invalid hint key.' });
    const from = await readHint(db, principalOf(request).accountId, request.params.key);
    // No hint is an ordinary answer, not an error: 200 with `from: null` (a 404 would be a red line in
    // every reader's console on each new query).
    return { from: from ?? null };
  });

  app.put<{ Params: { key: string }; Body: unknown }>('/api/worklist-hints/:key', { ...access, bodyLimit: 256 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const from = (request.body as { from?: unknown } | null)?.from;
    if (!KEY.test(request.params.key) || typeof from !== 'string' || !FROM.test(from)) {
      return reply.code(400).send({ error: 'bad_request', message: 'A hint is a key and a date (YYYYMMDD or empty).' });
    }
    await writeHint(db, principalOf(request).accountId, request.params.key, from);
    return reply.code(204).send();
  });
}
