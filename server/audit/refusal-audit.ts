import type { FastifyInstance } from 'fastify';
import type { AuditRecorder } from './recorder.ts';
import { accessRefused } from './record.ts';

/**
 * Records every refusal of a signed-in user (server/auth/refusals.ts) once its answer is sent. The
 * refusal stands whether or not the record can be written; a record that cannot be is logged.
 */
export function registerRefusalAudit(app: FastifyInstance, options: { recorder: AuditRecorder; auditSourceId: string }): void {
  app.addHook('onResponse', async (request) => {
    const refusal = request.accessRefusal;
    const principal = request.principal;
    if (!refusal || !principal) return;
    const path = (request.raw.url ?? request.url).split('?', 1)[0]!;
    try {
      await options.recorder.record(
        accessRefused({
          time: new Date(),
          sourceId: options.auditSourceId,
          outcomeDescription: `Refused: ${refusal.detail}`,
          requestor: { userId: principal.username, userName: principal.displayName, address: request.ip },
          request: `${request.method} ${path.slice(0, 512)}`,
          studyUid: request.dicomweb?.studyUid,
        }),
      );
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: a refused request was not recorded');
    }
  });
}
