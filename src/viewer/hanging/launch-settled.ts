import { useSyncExternalStore } from 'react';

/**
 * Whether a viewer launch has shown its first image. Lookups the first image does not need (priors,
 * thumbnails' instance lists, presentation states) wait for it, so that on a slow link or a busy archive they
 * do not compete with the queries and the frame the first image waits for. If no image is drawn in time (an
 * error, a very slow link), they start anyway.
 */

const FALLBACK_MS = 2000;

let settled = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function settleLaunch(): void {
  clearTimeout(timer);
  if (settled) return;
  settled = true;
  notify();
}

/** A new viewer session: waits again, at most FALLBACK_MS. */
export function resetLaunchSettled(): void {
  clearTimeout(timer);
  settled = false;
  timer = setTimeout(settleLaunch, FALLBACK_MS);
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLaunchSettled(): boolean {
  return useSyncExternalStore(subscribe, () => settled);
}
