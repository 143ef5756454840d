import type { FastifyInstance, FastifyReply } from 'fastify';
import { hangingProtocolSchema, type HangingProtocol } from '../../src/hanging-protocols/hanging-protocol.ts';
import { principalOf } from '../auth/access.ts';
import type { Database, Queryable } from '../db/database.ts';

/**
 * A reader's own hanging protocols, kept per account (images:read — whoever reads studies; not share links):
 * - `GET /api/hanging-protocols`: the caller's protocols;
 * - `PUT /api/hanging-protocols/:id`: save one (the body is the protocol, its id the path's);
 * - `DELETE /api/hanging-protocols/:id`: remove one (404 when the caller has none of that id).
 * Nobody reads another reader's protocols. At most `PROTOCOLS_PER_ACCOUNT` per account.
 */

export const PROTOCOLS_PER_ACCOUNT = 50;
const ID = /^[a-z0-9-]{1,64}$/;

export async function personalProtocols(db: Queryable, accountId: number): Promise<HangingProtocol[]> {
  const rows = await db.query<{ protocol: unknown }>('SELECT protocol FROM personal_hanging_protocols WHERE account_id = $1 ORDER BY protocol_id', [accountId]);
  // A row written by an older version that no longer parses is left out, not served broken.
  return rows.flatMap((row) => {
    const parsed = hangingProtocolSchema.safeParse(typeof row.protocol === 'string' ? JSON.parse(row.protocol) : row.protocol);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Saves `protocol`; false when the account already has the most it may keep and this is a new one. */
export async function savePersonalProtocol(db: Database, accountId: number, protocol: HangingProtocol): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
    const [count] = await tx.query<{ n: number; mine: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE protocol_id = $2)::int AS mine FROM personal_hanging_protocols WHERE account_id = $1`,
      [accountId, protocol.id],
    );
    if (count && count.mine === 0 && count.n >= PROTOCOLS_PER_ACCOUNT) return false;
    await tx.query(
      `INSERT INTO personal_hanging_protocols (account_id, protocol_id, protocol) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, protocol_id) DO UPDATE SET protocol = EXCLUDED.protocol, updated_at = now()`,
      [accountId, protocol.id, JSON.stringify(protocol)],
    );
    return true;
  });
}

function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

export function registerPersonalProtocols(app: FastifyInstance, db: Database): void {
  const access = { config: { access: { permission: 'images:read' as const } } };

  app.get('/api/hanging-protocols', access, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { protocols: await personalProtocols(db, principalOf(request).accountId) };
  });

  app.put<{ Params: { id: string }; Body: unknown }>('/api/hanging-protocols/:id', { ...access, bodyLimit: 16 * 1024 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = hangingProtocolSchema.safeParse(request.body);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'protocol'}: ${i.message}`).join('; ');
      return refuse(reply, 400, 'bad_request', `Invalid hanging protocol: ${detail}.`);
    }
    if (parsed.data.id !== request.params.id) return refuse(reply, 400, 'bad_request', "The protocol's id must be the one in the address.");
    if (!(await savePersonalProtocol(db, principalOf(request).accountId, parsed.data))) {
      return refuse(reply, 409, 'too_many', `You have ${PROTOCOLS_PER_ACCOUNT} hanging protocols already: delete one first.`);
    }
    return { protocol: parsed.data };
  });

  app.delete<{ Params: { id: string } }>('/api/hanging-protocols/:id', access, async (request, reply) => {
    if (!ID.test(request.params.id)) return refuse(reply, 404, 'not_found', 'You have no hanging protocol of that name.');
    const deleted = await db.query('DELETE FROM personal_hanging_protocols WHERE account_id = $1 AND protocol_id = $2 RETURNING protocol_id', [
      principalOf(request).accountId,
      request.params.id,
    ]);
    if (deleted.length === 0) return refuse(reply, 404, 'not_found', 'You have no hanging protocol of that name.');
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}
