import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { principalOf } from './access.ts';
import { findAccountById } from './accounts.ts';
import { confirmTotpEnrollment, startTotpEnrollment } from './totp-enrollment.ts';

/**
 * `POST /api/session/totp` starts setting up the signed-in user's second factor (answers the
 * otpauth:// URI for their authenticator app); `POST /api/session/totp/confirm {code}` activates it.
 */

const confirmBody = z.object({ code: z.string().max(16) });

export function registerTotpRoutes(app: FastifyInstance, db: Database): void {
  const signedIn = { config: { access: { signedIn: true as const } }, bodyLimit: 1024 };

  app.post('/api/session/totp', signedIn, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const account = await findAccountById(db, principalOf(request).accountId);
    const started = account ? await startTotpEnrollment(db, account) : { kind: 'not_local' as const };
    switch (started.kind) {
      case 'started':
        return { uri: started.uri, secret: started.secret };
      case 'already_active':
        return reply.code(409).send({
          error: 'totp_active',
          message: 'Your account already has a second factor. An administrator can remove it so that you can set up a new one.',
        });
      case 'not_local':
        return reply.code(409).send({ error: 'not_local', message: 'You sign in through your organisation; its own second factor applies.' });
    }
  });

  app.post('/api/session/totp/confirm', signedIn, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const body = confirmBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'bad_request', message: 'Send {"code": "123456"} as JSON.' });
    const principal = principalOf(request);
    switch (await confirmTotpEnrollment(db, principal.accountId, body.data.code.trim(), principal.sessionId)) {
      case 'confirmed':
        return reply.code(204).send();
      case 'wrong_code':
        return reply.code(400).send({ error: 'wrong_code', message: 'That code does not match. Check the time on your phone and enter the current code.' });
      case 'not_started':
        return reply.code(409).send({ error: 'not_started', message: 'Start setting up the second factor again (the previous attempt has expired).' });
    }
  });
}
