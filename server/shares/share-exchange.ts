import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exchangeBody, sharedViewerPath, type ExchangeError, type LinkStatus, type ShareSession } from '../../src/shares/share-contract.ts';
import { SHARE_COOKIE } from '../auth/access.ts';
import { verifyAgainstDecoy, verifyPassword } from '../auth/passwords.ts';
import { clientRetryAfter, recordClientFailure } from '../auth/sign-in.ts';
import type { ShareGrant } from '../auth/principal.ts';
import type { SessionSettings } from '../auth/sessions.ts';
import { AuditUnavailableError, type AuditRecorder } from '../audit/recorder.ts';
import { shareExchanged, type ShareExchangeOutcome } from '../audit/share-events.ts';
import type { Database } from '../db/database.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import { hashShareToken, isShareTokenShape, PASSCODE_ATTEMPTS, shareState, type ShareState } from './share-rules.ts';
import {
  blockShare,
  consumeUse,
  createShareSession,
  findShareByTokenHash,
  returnPasscodeAttempt,
  returnUse,
  takePasscodeAttempt,
  type Share,
} from './share-store.ts';

/**
 * Opening a link. The landing page `/s/<token>` is only the app (server/http/spa-static.ts): loading it
 * changes nothing, so link scanners and previews use nothing up. The page asks
 * `POST /api/share-links/status` (read-only) whether the link works and needs a passcode, then
 * `POST /api/share-sessions` exchanges the token (and passcode) for a share session: one use counted,
 * an HttpOnly SameSite=Strict cookie set, and the viewer's address returned, so the app replaces the
 * address bar's token with it. Every outcome of an exchange is in the audit trail.
 */

export interface ShareExchangeOptions {
  db: Database;
  recorder: AuditRecorder;
  studyFacts: StudyFactsLookup;
  session: SessionSettings;
  auditSourceId: string;
  defaultSourceId: string;
}

const REFUSAL: Record<Exclude<ShareState, 'active'> | 'unknown', { status: number; error: ExchangeError; message: string; audit: ShareExchangeOutcome }> = {
  unknown: {
    status: 404,
    error: 'share_unknown',
    message: 'This link does not exist. Check that it was copied whole, or ask the sender for a new one.',
    audit: 'unknown',
  },
  expired: { status: 410, error: 'share_expired', message: 'This link has expired. Ask the sender for a new one.', audit: 'expired' },
  revoked: { status: 410, error: 'share_revoked', message: 'This link was withdrawn by the sender. Ask them for a new one.', audit: 'revoked' },
  blocked: {
    status: 410,
    error: 'share_blocked',
    message: 'This link is blocked after too many wrong passcodes. Ask the sender for a new one.',
    audit: 'refused-blocked',
  },
  'used-up': {
    status: 410,
    error: 'share_used_up',
    message: 'This link has been used as often as the sender allowed. Ask them for a new one.',
    audit: 'used-up',
  },
};

/** What a share session sees of itself (no personal data of the creator but the name they share under). */
export function shareSessionView(grant: ShareGrant): ShareSession {
  return {
    kind: 'share',
    id: grant.id,
    recipient: grant.recipient,
    sharedBy: grant.sharedBy,
    expiresAt: grant.expiresAt.toISOString(),
    studies: grant.studies.map((study) => ({ dataSource: study.sourceId, studyInstanceUid: study.studyUid, isPrior: study.isPrior })),
  };
}

async function findByToken(db: Database, token: string): Promise<Share | undefined> {
  if (!isShareTokenShape(token)) return undefined;
  return findShareByTokenHash(db, hashShareToken(token));
}

export function registerShareExchange(app: FastifyInstance, options: ShareExchangeOptions): void {
  const { db, recorder } = options;

  const audit = async (request: FastifyRequest, result: ShareExchangeOutcome, share?: Share) => {
    const studies =
      result === 'opened' && share
        ? await Promise.all(
            share.studies.map(async (study) => {
              const facts = await options.studyFacts.factsOf(study.sourceId, study.studyUid);
              return {
                studyUid: study.studyUid,
                patient: facts?.patientId ? { id: facts.patientId, ...(facts.issuerOfPatientId ? { issuer: facts.issuerOfPatientId } : {}) } : undefined,
              };
            }),
          )
        : [];
    await recorder.record(shareExchanged({ time: new Date(), sourceId: options.auditSourceId, result, shareId: share?.id, address: request.ip, studies }));
  };

  const refuse = async (request: FastifyRequest, reply: FastifyReply, state: Exclude<ShareState, 'active'> | 'unknown', share?: Share) => {
    const refusal = REFUSAL[state];
    try {
      await audit(request, refusal.audit, share);
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: a refused share link was not recorded');
    }
    return reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
  };

  /**
   * An address that has failed too often (unknown tokens, wrong passcodes, failed sign-ins) waits: guessing
   * costs the gateway a passcode hash each time. Answers whether the request was refused.
   */
  const refusedForFailures = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const wait = await clientRetryAfter(db, request.ip);
    if (wait === undefined) return false;
    const minutes = Math.ceil(wait / 60);
    await reply
      .code(429)
      .header('retry-after', String(wait))
      .send({ error: 'too_many_attempts', message: `Too many failed attempts from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` });
    return true;
  };

  app.post(
    '/api/share-links/status',
    { config: { access: { public: 'whether a link works (read-only; needs its token)' } }, bodyLimit: 1024 },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const parsed = exchangeBody.pick({ token: true }).safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: 'Send {"token"} as JSON.' });
      if (await refusedForFailures(request, reply)) return reply;
      const share = await findByToken(db, parsed.data.token);
      // A link whose creator's account is disabled opens nothing: as for no link.
      const state: LinkStatus = share && !share.creatorDisabled ? shareState(share, new Date()) : 'unknown';
      if (state === 'unknown') await recordClientFailure(db, request.ip);
      return { state, passcodeRequired: state === 'active' && share!.hasPasscode };
    },
  );

  app.post('/api/share-sessions', { config: { access: { public: 'opening a share link (needs its token)' } }, bodyLimit: 1024 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = exchangeBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: 'Send {"token", "passcode"?} as JSON.' });
    const { token, passcode } = parsed.data;
    if (await refusedForFailures(request, reply)) return reply;
    const share = await findByToken(db, token);
    if (!share || share.creatorDisabled) {
      // As long as a passcode would take, so timing does not tell a link from none.
      if (passcode) await verifyAgainstDecoy(passcode);
      await recordClientFailure(db, request.ip);
      return refuse(request, reply, 'unknown', share);
    }
    const state = shareState(share, new Date());
    if (state !== 'active') return refuse(request, reply, state, share);

    if (share.passcodeHash) {
      if (!passcode) return reply.code(401).send({ error: 'passcode_required', message: 'Enter the passcode the sender gave you.' });
      const taken = await takePasscodeAttempt(db, share.id);
      if (taken === undefined) return refuse(request, reply, 'blocked', share);
      if (await verifyPassword(passcode.trim(), share.passcodeHash)) {
        await returnPasscodeAttempt(db, share.id);
      } else {
        await recordClientFailure(db, request.ip);
        const attemptsLeft = PASSCODE_ATTEMPTS - taken;
        const blocked = attemptsLeft <= 0 && (await blockShare(db, share.id));
        try {
          await audit(request, blocked ? 'blocked' : 'passcode-failed', share);
        } catch (error) {
          request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: a wrong share passcode was not recorded');
        }
        if (attemptsLeft <= 0) return reply.code(410).send({ error: 'share_blocked', message: REFUSAL.blocked.message });
        return reply.code(401).send({
          error: 'passcode_wrong',
          message: `Wrong passcode. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left before the link is blocked.`,
          attemptsLeft,
        });
      }
    }

    if (!(await consumeUse(db, share.id))) {
      const now = await findByToken(db, token);
      const state = now ? shareState(now, new Date()) : 'unknown';
      return refuse(request, reply, state === 'active' ? 'used-up' : state, now);
    }
    try {
      await audit(request, 'opened', share);
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      await returnUse(db, share.id);
      request.log.error({ err: { message: error.message } }, 'audit trail unavailable: share link not opened');
      return reply.code(503).send({
        error: 'audit_unavailable',
        message: 'The shared study cannot be shown right now because access to it cannot be recorded. Try again in a moment.',
      });
    }
    const session = await createShareSession(db, share.id, { clientAddress: request.ip, userAgent: request.headers['user-agent'] ?? '' });
    const untilExpiry = share.expiresAt.getTime() - Date.now();
    reply.setCookie(SHARE_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/',
      maxAge: Math.max(1, Math.floor(Math.min(options.session.maxAgeMs, untilExpiry) / 1000)),
    });
    const studies = share.studies.map((study) => ({ dataSource: study.sourceId, studyInstanceUid: study.studyUid, isPrior: study.isPrior }));
    return { location: sharedViewerPath({ studies }, options.defaultSourceId) };
  });
}
