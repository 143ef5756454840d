import type { Vec3 } from './orientation.ts';
import { dot, norm } from './vec3.ts';

/**
 * Which planes of an MPR to draw, and when, while its volume fills frame by frame. Drawing a plane is the
 * costly part of filling on a slow renderer (software WebGL: a draw of three planes took longer than
 * decoding a dozen frames), so a plane is drawn only when a frame that entered since its last draw can
 * show in it, one plane per draw (they take turns), and draws are spaced so that they take at most a
 * share of the time.
 */

/** A plane as its camera shows it: unit normal, a point on it (mm, patient space) and its slab thickness. */
export interface PlaneView {
  normal: Vec3;
  point: Vec3;
  slabMm: number;
}

/** Planes within this angle of the acquired slices are parallel to them (their normals' cosine). */
const PARALLEL_COSINE = Math.cos((0.5 * Math.PI) / 180);

/**
 * Whether an acquired slice at `position` (mm along the volume's unit `normal`) can show in `plane`. A plane
 * parallel to the slices shows those within its slab, at least half a slice spacing either side of it (the
 * nearest slice is shown between two); a plane at any other angle crosses every slice.
 */
export function planeShowsSlice(plane: PlaneView, normal: Vec3, position: number, sliceSpacing: number): boolean {
  const length = norm(plane.normal);
  if (length === 0) return true;
  if (Math.abs(dot(plane.normal, normal)) / length < PARALLEL_COSINE) return true;
  const distance = Math.abs(position - dot(plane.point, normal));
  return distance <= Math.max(plane.slabMm, 0) / 2 + sliceSpacing / 2 + 1e-6;
}

/** The shortest time between two draws while filling (ms), however cheap a draw is. */
export const MIN_FILL_DRAW_INTERVAL_MS = 250;
/** The longest (ms): the reader sees the volume grow at least this often, however slow a draw is. */
export const MAX_FILL_DRAW_INTERVAL_MS = 1000;
/** Draws take at most one part in this many of the time while filling (within the two bounds above). */
export const FILL_DRAW_TIME_SHARE = 4;

/**
 * When the planes may be drawn next while the volume fills: MIN_FILL_DRAW_INTERVAL_MS after the last draw
 * was asked for, or later when the last draw itself took long (`lastDrawMs`, when it was measured), so
 * that drawing keeps to 1 / FILL_DRAW_TIME_SHARE of the time and the rest goes to the frames, but never
 * more than MAX_FILL_DRAW_INTERVAL_MS after it.
 */
export function nextFillDrawAt(lastDrawAt: number, lastDrawMs: number | undefined): number {
  const spacing = Math.min(MAX_FILL_DRAW_INTERVAL_MS, Math.max(MIN_FILL_DRAW_INTERVAL_MS, (lastDrawMs ?? 0) * FILL_DRAW_TIME_SHARE));
  return lastDrawAt + spacing;
}

/**
 * The plane to draw next while the volume fills: of the planes `waiting` (frames they can show entered since
 * their own last draw), the one drawn longest ago (`lastDrawnAt`, ms). One plane a draw instead of all that
 * wait: a draw of several planes costs the sum of theirs, so the first of them to show the new frames would
 * wait for all, and with draws spaced by their cost (nextFillDrawAt) draws of one plane come more often.
 */
export function nextFillPlane<P extends string>(waiting: readonly P[], lastDrawnAt: Readonly<Record<P, number>>): P | undefined {
  let next: P | undefined;
  for (const plane of waiting) if (next === undefined || lastDrawnAt[plane] < lastDrawnAt[next]) next = plane;
  return next;
}
