/** The keyboard's moves through a series of slices (a stack, or the slices of an MPR plane). */
export type SliceMove = 'next' | 'previous' | 'pageNext' | 'pagePrevious' | 'first' | 'last';

/** Slices a Page Up / Page Down moves. */
export const PAGE_SLICES = 10;

/**
 * How many slices `move` goes from slice `current` (0-based) of `count`: within the series, so a move
 * past either end stops at that end (0 when already there).
 */
export function sliceDelta(move: SliceMove, current: number, count: number): number {
  if (count <= 0) return 0;
  const wanted: Record<SliceMove, number> = {
    next: current + 1,
    previous: current - 1,
    pageNext: current + PAGE_SLICES,
    pagePrevious: current - PAGE_SLICES,
    first: 0,
    last: count - 1,
  };
  return Math.min(count - 1, Math.max(0, wanted[move])) - current;
}

/**
 * How many slices cine moves from slice `current` (0-based) of `count`: the next one, and from the last back
 * to the first (cine loops); none when there is nothing to play through.
 */
export function cineDelta(current: number, count: number): number {
  if (count < 2) return 0;
  return current + 1 < count ? 1 : -current;
}
