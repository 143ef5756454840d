import type { FastifyReply } from 'fastify';
import type { Admission } from './archive-admission.ts';
import { errorReply } from './upstream.ts';

/** The answer to a request that got no archive slot: 429 or 503 with Retry-After, or 499 when the browser left. */
export function refuseAdmission(reply: FastifyReply, refusal: Extract<Admission, { ok: false }>): FastifyReply {
  if (refusal.status !== 499) reply.header('retry-after', String(refusal.retryAfterSeconds));
  return errorReply(reply, refusal.status, refusal.error, refusal.message);
}
