import { auditPageOf, type AuditPage } from './audit-bundle.ts';

/** One page of the audit trail from the gateway, with failures worded for the administrator. */

async function messageOf(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}

export async function fetchAuditPage(url: string, signal?: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<AuditPage> {
  let res: Response;
  try {
    res = await fetchImpl(url, { signal, headers: { accept: 'application/fhir+json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`The Readroom gateway is not reachable (${(error as Error).message}).`, { cause: error });
  }
  if (res.status === 401) throw new Error('Your session has ended. Sign in again to read the audit trail.');
  if (res.status === 403) throw new Error('Your account may not read the audit trail: that needs the administrator role.');
  if (!res.ok) throw new Error((await messageOf(res)) ?? `The audit trail could not be read (HTTP ${res.status}).`);
  return auditPageOf(await res.json());
}
