/**
 * Orientation markers from patient-space directions (DICOM LPS: +x left, +y posterior, +z head).
 * A direction becomes up to three letters, strongest component first, e.g. (0.7, 0, −0.7) → "LF".
 */
export type Vec3 = readonly [number, number, number];

export interface OrientationMarkers {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

const POSITIVE = ['L', 'P', 'H'] as const;
const NEGATIVE = ['R', 'A', 'F'] as const;

/** Components below this fraction of unit length are tilt noise, not a direction worth naming. */
const MIN_COMPONENT = 0.2;

export function directionLetters(v: Vec3): string {
  return [0, 1, 2]
    .filter((i) => Math.abs(v[i]!) >= MIN_COMPONENT)
    .sort((a, b) => Math.abs(v[b]!) - Math.abs(v[a]!))
    .map((i) => (v[i]! > 0 ? POSITIVE[i] : NEGATIVE[i]))
    .join('');
}

const negate = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];

/**
 * Markers at the four edges of the displayed image, given the patient directions that point to
 * screen right and screen down (these include any rotation or flip of the view).
 */
export function orientationMarkers(screenRight: Vec3, screenDown: Vec3): OrientationMarkers {
  return {
    right: directionLetters(screenRight),
    left: directionLetters(negate(screenRight)),
    bottom: directionLetters(screenDown),
    top: directionLetters(negate(screenDown)),
  };
}

/** Screen directions of an unrotated, unflipped image from Image Orientation (Patient). */
export function screenDirectionsFromIop(iop: readonly number[]): { right: Vec3; down: Vec3 } | undefined {
  if (iop.length !== 6 || !iop.every(Number.isFinite)) return undefined;
  return { right: [iop[0]!, iop[1]!, iop[2]!], down: [iop[3]!, iop[4]!, iop[5]!] };
}

/** Directions after rotating the view clockwise by `degrees` (a multiple of 90) and flipping. */
export function transformScreenDirections(
  dirs: { right: Vec3; down: Vec3 },
  { rotation = 0, flipHorizontal = false, flipVertical = false }: { rotation?: number; flipHorizontal?: boolean; flipVertical?: boolean },
): { right: Vec3; down: Vec3 } {
  let { right, down } = dirs;
  if (flipHorizontal) right = negate(right);
  if (flipVertical) down = negate(down);
  const turns = ((Math.round(rotation / 90) % 4) + 4) % 4;
  for (let i = 0; i < turns; i++) {
    // Clockwise: what was up (−down) now points right; what was right now points down.
    [right, down] = [negate(down), right];
  }
  return { right, down };
}
