import { sessionFetch } from '../session/session-fetch.ts';

/**
 * Remembers, per worklist query, how far back the first date window of a page reached, so the next
 * fetch of that page (a refresh, a reload, the reader coming back) can try that window first. A hint
 * is only a guess: date-window-paging.ts uses it only when the window proves complete.
 *
 * Kept in localStorage under a hash of the query (the query holds patient names; the hash does not),
 * at most MAX_HINTS entries, the least recently written dropped first, and shared through the gateway
 * (`/api/worklist-hints/:key`) so a browser's first visit can use a window another reader found.
 */
export const WINDOW_HINTS_KEY = 'readroom.worklist.windowHints.v1';
const MAX_HINTS = 64;

type HintMap = Record<string, { from: string; at: number }>;

export interface HintStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** FNV-1a, 32 bits, of the source and query: a short key that does not spell out the query. */
export function hintKey(sourceName: string, query: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${sourceName}\n${query}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

function read(storage: HintStorage): HintMap {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(WINDOW_HINTS_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as HintMap) : {};
  } catch {
    return {};
  }
}

export function readWindowHint(storage: HintStorage | undefined, key: string): string | undefined {
  if (!storage) return undefined;
  const from = read(storage)[key]?.from;
  return typeof from === 'string' ? from : undefined;
}

export function writeWindowHint(storage: HintStorage | undefined, key: string, from: string, now = Date.now()): void {
  if (!storage) return;
  const hints = { ...read(storage), [key]: { from, at: now } };
  const kept = Object.entries(hints)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_HINTS);
  try {
    storage.setItem(WINDOW_HINTS_KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Storage full or disabled: hints are an optimisation only.
  }
}

/** The browser's localStorage when it can be used (private modes may throw on access). */
function browserHintStorage(): HintStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export interface WindowHints {
  read(key: string, signal?: AbortSignal): Promise<string | undefined>;
  write(key: string, from: string): void;
}

/** How long a worklist waits for the gateway's hint before walking without one. */
const SHARED_HINT_TIMEOUT_MS = 300;

/** This browser's hints first, then the gateway's; a hint that cannot be had is simply absent. */
export function browserWindowHints(storage = browserHintStorage(), fetcher: typeof fetch = (url, init) => sessionFetch(String(url), init)): WindowHints {
  return {
    async read(key, signal) {
      const local = readWindowHint(storage, key);
      if (local !== undefined) return local;
      try {
        const timeout = AbortSignal.timeout(SHARED_HINT_TIMEOUT_MS);
        const res = await fetcher(`/api/worklist-hints/${key}`, { cache: 'no-store', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
        if (!res.ok) return undefined;
        // `{ "from": null }` (200) is the gateway's "no hint for this query".
        const body = (await res.json()) as { from?: unknown } | null;
        return typeof body?.from === 'string' ? body.from : undefined;
      } catch {
        if (signal?.aborted) throw signal.reason;
        return undefined;
      }
    },
    write(key, from) {
      writeWindowHint(storage, key, from);
      void fetcher(`/api/worklist-hints/${key}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from }) }).catch(
        () => undefined,
      );
    },
  };
}
