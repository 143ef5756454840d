import { z } from 'zod';

const healthSchema = z.object({
  gateway: z.string(),
  sources: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      reachable: z.boolean(),
      latencyMs: z.number().optional(),
      message: z.string().optional(),
    }),
  ),
});

export type ArchiveHealth = { ok: true } | { ok: false; message: string };

/** Asks the gateway whether it and the given source's archive answer. */
export async function fetchArchiveHealth(sourceName: string, signal?: AbortSignal): Promise<ArchiveHealth> {
  let res: Response;
  try {
    res = await fetch('/api/health', { signal, cache: 'no-store' });
  } catch {
    return { ok: false, message: 'The Readroom server is not reachable. Check your network connection.' };
  }
  if (!res.ok) return { ok: false, message: `The Readroom server reported a problem (HTTP ${res.status}).` };
  const parsed = healthSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) return { ok: false, message: 'The Readroom server sent an unexpected health report.' };
  const source = parsed.data.sources.find((s) => s.id === sourceName) ?? parsed.data.sources[0];
  if (!source || source.reachable) return { ok: true };
  return { ok: false, message: source.message ?? `The image archive "${source.label}" is not reachable.` };
}
