import { sessionFetch } from '../session/session-fetch.ts';
import { ClaimOnce } from './claim-once.ts';

/**
 * Requests a viewer launch makes before the code that needs their answers has loaded (the first image's
 * lossy preview, asked for as soon as the series metadata names it). The code that would have made the
 * request takes the answer instead, once; an answer nobody takes is dropped after a while.
 */

const requests = new ClaimOnce<Response>(30_000);

function keyOf(url: string, accept: string): string {
  return `${accept} ${url}`;
}

export function startEarlyRequest(url: string, accept: string): void {
  requests.start(keyOf(url, accept), () => sessionFetch(url, { headers: { Accept: accept } }));
}

/** The answer of an early request for exactly this URL and Accept header, if one was started (only once). */
export function takeEarlyRequest(url: string, accept: string): Promise<Response> | undefined {
  return requests.claim(keyOf(url, accept));
}
