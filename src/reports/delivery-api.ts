import { studyDeliveriesSchema, troubledDeliveriesSchema, type StudyDeliveries, type TroubledDelivery } from './delivery-contract.ts';

/** A failure worded for the reader or administrator (the gateway's own message when it sent one). */
export class DeliveryApiError extends Error {
  override name = 'DeliveryApiError';
}

async function call(url: string, init: RequestInit, what: string, fetcher: typeof fetch): Promise<unknown> {
  let res: Response;
  try {
    res = await fetcher(url, { ...init, headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new DeliveryApiError('The Readroom server is not reachable. Check your network connection.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new DeliveryApiError(typeof message === 'string' ? message : `${what} failed (HTTP ${res.status}).`);
  }
  return body;
}

export async function fetchStudyDeliveries(
  study: { studyInstanceUid: string; sourceId: string | undefined },
  signal?: AbortSignal,
  fetcher: typeof fetch = fetch,
): Promise<StudyDeliveries> {
  const query = new URLSearchParams({ study: study.studyInstanceUid, ...(study.sourceId ? { source: study.sourceId } : {}) });
  const body = await call(`/api/deliveries?${query}`, signal ? { signal } : {}, 'Reading where the report went', fetcher);
  const parsed = studyDeliveriesSchema.safeParse(body);
  if (!parsed.success) throw new DeliveryApiError('The Readroom server sent an unexpected delivery state.');
  return parsed.data;
}

export async function fetchTroubledDeliveries(signal?: AbortSignal, fetcher: typeof fetch = fetch): Promise<TroubledDelivery[]> {
  const body = await call('/api/admin/deliveries', signal ? { signal } : {}, 'Loading the deliveries', fetcher);
  const parsed = troubledDeliveriesSchema.safeParse(body);
  if (!parsed.success) throw new DeliveryApiError('The Readroom server sent an unexpected list of deliveries.');
  return parsed.data.deliveries;
}

export async function retryDelivery(id: string, fetcher: typeof fetch = fetch): Promise<void> {
  await call(`/api/admin/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST' }, 'Retrying the delivery', fetcher);
}
