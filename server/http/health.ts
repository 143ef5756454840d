import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import type { GatewayTimeouts, SourceConfig } from '../config.ts';
import { describeUpstreamFailure, splitRoot } from '../dicomweb/upstream.ts';

/**
 * `GET /api/health`: is the gateway up, and can each archive answer a minimal QIDO query?
 * The SPA polls it to show "archive unreachable" and to notice recovery.
 */

export interface SourceHealth {
  id: string;
  label: string;
  /** True when the archive answered the health query (HEALTH_QUERY) with a 2xx status within the health timeout. */
  reachable: boolean;
  latencyMs?: number;
  message?: string;
}

export interface HealthReport {
  gateway: 'ok';
  sources: SourceHealth[];
}

/**
 * A QIDO query every archive must answer, matched by Study Instance UID (an indexed key) against a UID
 * no study has: its cost does not grow with the archive, unlike a bare `studies?limit=1`, which an
 * archive may answer by scanning every study (Orthanc does) while the reader's own query waits.
 */
export const HEALTH_QUERY = '/studies?StudyInstanceUID=2.25.0&limit=1';

export async function checkSource(source: SourceConfig, agent: Dispatcher, timeouts: GatewayTimeouts): Promise<SourceHealth> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  const started = performance.now();
  const base = { id: source.id, label: source.label };
  try {
    const response = await agent.request({
      origin,
      path: `${basePath}${HEALTH_QUERY}`,
      method: 'GET',
      headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
      signal: AbortSignal.timeout(timeouts.healthMs),
      headersTimeout: timeouts.healthMs,
    });
    await response.body.dump();
    const latencyMs = Math.round(performance.now() - started);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ...base, reachable: true, latencyMs };
    const message =
      status === 401 || status === 403
        ? `The image archive "${source.label}" refused the gateway's credentials (HTTP ${status}). An administrator must fix the gateway configuration.`
        : `The image archive "${source.label}" answered with an error (HTTP ${status}).`;
    return { ...base, reachable: false, latencyMs, message };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut
      ? `The image archive "${source.label}" did not answer within ${timeouts.healthMs} ms.`
      : describeUpstreamFailure(error, source, timeouts).body.message;
    return { ...base, reachable: false, message };
  }
}

export function registerHealth(app: FastifyInstance, sources: readonly SourceConfig[], agent: Dispatcher, timeouts: GatewayTimeouts): void {
  // Many browsers poll at once: share one probe round among all requests that arrive while it runs.
  let inFlight: Promise<HealthReport> | undefined;
  const probe = (): Promise<HealthReport> => {
    inFlight ??= Promise.all(sources.map((source) => checkSource(source, agent, timeouts)))
      .then((results): HealthReport => ({ gateway: 'ok', sources: results }))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  app.get('/api/health', { config: { access: { public: 'archive reachability, no patient data' } } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(await probe()),
  );
}
