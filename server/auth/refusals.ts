import type { FastifyRequest } from 'fastify';

/**
 * A signed-in caller refused by the access check (a permission the account lacks) or by its scope (a
 * study or source it may not see, answered 404). Marked on the request where it is refused; the audit
 * trail records it once the answer is sent.
 */
export interface AccessRefusal {
  reason: 'permission' | 'scope';
  /** What was missing, in words (never patient data). */
  detail: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    accessRefusal?: AccessRefusal;
  }
}

export function noteRefusal(request: FastifyRequest, refusal: AccessRefusal): void {
  request.accessRefusal = refusal;
}
