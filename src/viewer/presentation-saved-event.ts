import type { SavedSeries } from './presentation-save.ts';

const EVENT = 'readroom:presentation-saved';

export interface PresentationSavedDetail {
  sourceName: string;
  series: SavedSeries[];
}

/** Tells whoever lists presentation states that new ones exist (the react-query key is invalidated too). */
export function announcePresentationSaved(detail: PresentationSavedDetail): void {
  window.dispatchEvent(new CustomEvent<PresentationSavedDetail>(EVENT, { detail }));
}

/** Subscribes to saves; returns the unsubscribe function. */
export function onPresentationSaved(listener: (detail: PresentationSavedDetail) => void): () => void {
  const handler = (e: Event) => listener((e as CustomEvent<PresentationSavedDetail>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
