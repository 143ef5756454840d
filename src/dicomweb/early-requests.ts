/**
 * Requests a viewer launch makes before the code that needs their answers has loaded (the first image's
 * lossy preview, asked for as soon as the series metadata names it). The code that would have made the
 * request takes the answer instead, once; an answer nobody takes is dropped after a while.
 */

const UNCLAIMED_MS = 30_000;

const pending = new Map<string, Promise<Response>>();

function keyOf(url: string, accept: string): string {
  return `${accept} ${url}`;
}

export function startEarlyRequest(url: string, accept: string): void {
  const key = keyOf(url, accept);
  if (pending.has(key)) return;
  const response = fetch(url, { headers: { Accept: accept } });
  // A failure is the taker's to report; unclaimed, it must not surface as an unhandled rejection.
  response.catch(() => undefined);
  pending.set(key, response);
  setTimeout(() => {
    if (pending.get(key) === response) pending.delete(key);
  }, UNCLAIMED_MS);
}

/** The answer of an early request for exactly this URL and Accept header, if one was started (only once). */
export function takeEarlyRequest(url: string, accept: string): Promise<Response> | undefined {
  const key = keyOf(url, accept);
  const response = pending.get(key);
  pending.delete(key);
  return response;
}
