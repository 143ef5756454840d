/** Which kinds of synchronisation a comparison pair offers, from what the two series are. */
export interface PairSync {
  /** Window: one modality's values mean nothing in another (HU against a radiograph's grey levels). */
  voi: boolean;
  /**
   * Zoom and pan: a zoom relative to the fit matches the same anatomy only between images of one kind;
   * across modalities (a CT slice beside a radiograph) it would zoom into unrelated places.
   */
  zoomPan: boolean;
}

/** Window and zoom/pan sync need the same modality on both sides; an unknown modality offers neither. */
export function pairSync(currentModality: string | undefined, priorModality: string | undefined): PairSync {
  const same = currentModality !== undefined && currentModality !== '' && currentModality === priorModality;
  return { voi: same, zoomPan: same };
}
