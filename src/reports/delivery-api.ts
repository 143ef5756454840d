import { callGateway, valueOrThrow } from '../session/gateway-call.ts';
import { studyDeliveriesSchema, troubledDeliveriesSchema, type StudyDeliveries, type TroubledDelivery } from './delivery-contract.ts';

/** A failure worded for the reader or administrator (the gateway's own message when it sent one). */
export class DeliveryApiError extends Error {
  override name = 'DeliveryApiError';
}

async function call<T>(
  url: string,
  request: { method?: string; signal?: AbortSignal },
  parse: (body: unknown) => T,
  what: string,
  fetcher: typeof fetch,
): Promise<T> {
  const answer = await callGateway(url, { ...request, parse, fallback: `${what} failed`, fetchImpl: fetcher });
  return valueOrThrow(answer, what, (message) => new DeliveryApiError(message));
}

export async function fetchStudyDeliveries(
  study: { studyInstanceUid: string; sourceId: string | undefined },
  signal?: AbortSignal,
  fetcher: typeof fetch = fetch,
): Promise<StudyDeliveries> {
  const query = new URLSearchParams({ study: study.studyInstanceUid, ...(study.sourceId ? { source: study.sourceId } : {}) });
  return call(`/api/deliveries?${query}`, signal ? { signal } : {}, (body) => studyDeliveriesSchema.parse(body), 'Reading where the report went', fetcher);
}

export async function fetchTroubledDeliveries(signal?: AbortSignal, fetcher: typeof fetch = fetch): Promise<TroubledDelivery[]> {
  return call('/api/admin/deliveries', signal ? { signal } : {}, (body) => troubledDeliveriesSchema.parse(body).deliveries, 'Loading the deliveries', fetcher);
}

export async function retryDelivery(id: string, fetcher: typeof fetch = fetch): Promise<void> {
  await call(`/api/admin/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST' }, () => undefined, 'Retrying the delivery', fetcher);
}
