import { Enums, eventTarget } from '@cornerstonejs/core';
import { SynchronizerManager, synchronizers, type Synchronizer } from '@cornerstonejs/tools';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { alignmentOffset, initialOffset, pairStacks, sourceSliceIndex, syncedSliceIndex, type SlicePairing, type SlicePlane } from '../../priors/slice-sync.ts';
import { useSeriesStack } from '../loading/useSeriesStack.ts';
import { pairSync } from '../../priors/sync-rules.ts';
import { useSyncStore } from './sync-store.ts';
import type { SeriesRef } from '../viewer-store.ts';
import { RENDERING_ENGINE_ID, getViewportController, onStackPhase, stackPhase, stackViewport } from '../viewport/engine.ts';

export interface ComparisonViewports {
  currentViewportId: string;
  priorViewportId: string;
}

export interface ComparisonSync {
  /** Whether slice positions of the two stacks can be compared (both have geometry, same plane). */
  scrollPossible: boolean;
  /** Window and zoom/pan sync only make sense between images of one modality (`src/priors/sync-rules.ts`). */
  sameModality: boolean;
  /** Takes the slices on screen as corresponding ones and keeps that offset. */
  align: () => void;
}

function planes(images: readonly StackImage[] | undefined): SlicePlane[] {
  return (images ?? []).map(({ descriptor }) => ({
    imagePositionPatient: descriptor.imagePositionPatient ?? [],
    imageOrientationPatient: descriptor.imageOrientationPatient ?? [],
    frameOfReferenceUID: descriptor.frameOfReferenceUID,
  }));
}

/**
 * What the two viewports offer now, from the series they show (not from React state, which may still
 * describe the previous series while a new one is being hung).
 */
function offeredNow(viewportId: string, partnerId: string) {
  return pairSync(getViewportController(viewportId)?.modality(), getViewportController(partnerId)?.modality());
}

/** Makes `viewportId` take its partner's window and zoom/pan, as far as those are synchronised. */
function follow(viewportId: string, partnerId: string, voiEnabled: boolean, zoomPanEnabled: boolean): void {
  const vp = stackViewport(viewportId);
  const partner = stackViewport(partnerId);
  if (!vp || !partner || !vp.getCornerstoneImage() || !partner.getCornerstoneImage() || stackPhase(partnerId) !== 'shown') return;
  const offered = offeredNow(viewportId, partnerId);
  const voi = voiEnabled && offered.voi;
  const zoomPan = zoomPanEnabled && offered.zoomPan;
  const { voiRange } = partner.getProperties();
  if (voi && voiRange) vp.setProperties({ voiRange });
  if (zoomPan) {
    vp.setZoom(partner.getZoom());
    vp.setPan(partner.getPan());
  }
  vp.render();
}

/**
 * Window and zoom/pan through Cornerstone's synchronizers; viewports join them whenever their
 * element is (re-)enabled, since viewports come and go with layouts. A viewport taking a new series
 * leaves them while its first image loads (its own default window and fitted camera would otherwise
 * overwrite what the reader set in the other viewport, and the other's camera would be pushed onto a
 * series that may be of another modality); once it is shown it follows the other one and joins again
 * if the two series are of one modality.
 */
function useCornerstoneSynchronizers(pair: ComparisonViewports | undefined, voi: boolean, zoomPan: boolean): void {
  const syncs = useRef<{ voi: Synchronizer; zoomPan: Synchronizer } | undefined>(undefined);
  const enabled = useRef({ voi, zoomPan });
  useEffect(() => {
    if (!pair) return;
    const ids = [pair.currentViewportId, pair.priorViewportId];
    const suffix = ids.join('+');
    const created = {
      voi: synchronizers.createVOISynchronizer(`rr-voi-${suffix}`, { syncInvertState: false, syncColormap: false }),
      zoomPan: synchronizers.createZoomPanSynchronizer(`rr-zoompan-${suffix}`),
    };
    created.voi.setEnabled(enabled.current.voi);
    created.zoomPan.setEnabled(enabled.current.zoomPan);
    syncs.current = created;
    const info = (viewportId: string) => ({ renderingEngineId: RENDERING_ENGINE_ID, viewportId });
    const partnerOf = (viewportId: string) => ids.find((id) => id !== viewportId)!;
    const join = (viewportId: string) => {
      if (!ids.includes(viewportId) || !stackViewport(viewportId)) return;
      for (const s of [created.voi, created.zoomPan]) s.remove(info(viewportId));
      if (stackPhase(viewportId) === 'loading') return;
      const offered = offeredNow(viewportId, partnerOf(viewportId));
      // Before either series is known both join; the rule is applied again once each is shown.
      const known = getViewportController(viewportId)?.modality() !== undefined && getViewportController(partnerOf(viewportId))?.modality() !== undefined;
      if (offered.voi || !known) {
        created.voi.addTarget(info(viewportId));
        created.voi.addSource(info(viewportId));
      }
      if (offered.zoomPan || !known) {
        created.zoomPan.addTarget(info(viewportId));
        created.zoomPan.addSource(info(viewportId));
      }
    };
    ids.forEach(join);
    const onEnabled = (e: Event) => join((e as CustomEvent<{ viewportId: string }>).detail.viewportId);
    eventTarget.addEventListener(Enums.Events.ELEMENT_ENABLED, onEnabled);
    const stopPhases = onStackPhase((viewportId, phase) => {
      if (!ids.includes(viewportId) || !stackViewport(viewportId)) return;
      if (phase === 'shown') follow(viewportId, partnerOf(viewportId), enabled.current.voi, enabled.current.zoomPan);
      join(viewportId);
      // The partner may have left when this viewport's previous series was of another modality.
      if (phase === 'shown' && stackPhase(partnerOf(viewportId)) !== 'loading') join(partnerOf(viewportId));
    });
    return () => {
      stopPhases();
      eventTarget.removeEventListener(Enums.Events.ELEMENT_ENABLED, onEnabled);
      SynchronizerManager.destroySynchronizer(created.voi.id);
      SynchronizerManager.destroySynchronizer(created.zoomPan.id);
      syncs.current = undefined;
    };
  }, [pair]);
  useEffect(() => {
    enabled.current = { voi, zoomPan };
    syncs.current?.voi.setEnabled(voi);
    syncs.current?.zoomPan.setEnabled(zoomPan);
  }, [pair, voi, zoomPan]);
}

/**
 * Scroll sync by anatomical position: when one viewport of the pair shows a new slice, the other
 * goes to the slice nearest the same position along the normal (plus the aligned offset). Slice
 * changes this code caused are not echoed back; a viewport's first image after loading is not a
 * reader's scroll, so it follows the other viewport instead of leading it.
 */
function useScrollSync(pair: ComparisonViewports | undefined, pairing: SlicePairing | undefined): void {
  useEffect(() => {
    if (!pair || !pairing) return;
    const { currentViewportId: cur, priorViewportId: prior } = pair;
    const pending = new Map<string, number[]>([
      [cur, []],
      [prior, []],
    ]);
    const seen = new Set<string>();
    const drive = (to: string, index: number) => {
      const vp = stackViewport(to);
      if (index < 0 || !vp || vp.getCurrentImageIdIndex() === index) return;
      pending.get(to)!.push(index);
      getViewportController(to)?.goTo(index);
    };
    const follow = (from: string, index: number) => {
      const { scroll, offsetMm } = useSyncStore.getState();
      if (!scroll || offsetMm === undefined) return;
      if (from === cur) drive(prior, syncedSliceIndex(pairing, index, offsetMm));
      else drive(cur, sourceSliceIndex(pairing, index, offsetMm));
    };
    const onNewImage = (e: Event) => {
      const { viewportId, imageIdIndex } = (e as CustomEvent<{ viewportId: string; imageIdIndex: number }>).detail;
      const queue = pending.get(viewportId);
      if (!queue) return;
      const at = queue.indexOf(imageIdIndex);
      if (at >= 0) {
        queue.splice(0, at + 1);
        return;
      }
      if (!seen.has(viewportId)) {
        seen.add(viewportId);
        const other = viewportId === cur ? prior : cur;
        const otherIndex = stackViewport(other)?.getCurrentImageIdIndex();
        if (seen.has(other) && otherIndex !== undefined) follow(other, otherIndex);
        return;
      }
      follow(viewportId, imageIdIndex);
    };
    // Cornerstone's events do not bubble; the capture phase still passes through the document.
    document.addEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage, true);
    // A viewport already showing its stack has had its first image; one taking a new stack has not.
    for (const id of [cur, prior]) if (stackPhase(id) === 'shown') seen.add(id);
    const stopPhases = onStackPhase((viewportId, phase) => {
      if (phase === 'loading') seen.delete(viewportId);
    });
    return () => {
      stopPhases();
      document.removeEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage, true);
    };
  }, [pair, pairing]);
}

/** Synchronises the comparison pair: slices by position, window, zoom and pan, as the sync store says. */
export function useComparisonSync(
  source: DataSource,
  pair: ComparisonViewports | undefined,
  current: SeriesRef | undefined,
  prior: SeriesRef | undefined,
): ComparisonSync {
  const currentStack = useSeriesStack(source, current?.studyInstanceUID, current?.seriesInstanceUID);
  const priorStack = useSeriesStack(source, prior?.studyInstanceUID, prior?.seriesInstanceUID);
  const pairing = useMemo(
    () => (currentStack.data?.length && priorStack.data?.length ? pairStacks(planes(currentStack.data), planes(priorStack.data)) : undefined),
    [currentStack.data, priorStack.data],
  );
  const pairKey = current && prior ? `${current.seriesInstanceUID}|${prior.seriesInstanceUID}` : undefined;
  useEffect(() => {
    if (!pairing || !pairKey || useSyncStore.getState().pairKey === pairKey) return;
    const initial = initialOffset(pairing);
    if (initial) useSyncStore.getState().setAlignment(pairKey, initial.offsetMm, initial.by);
  }, [pairing, pairKey]);

  const voi = useSyncStore((s) => s.voi);
  const zoomPan = useSyncStore((s) => s.zoomPan);
  const first = (images: readonly StackImage[] | undefined) => images?.[0]?.descriptor.modality;
  const offered = pairSync(first(currentStack.data), first(priorStack.data));
  useCornerstoneSynchronizers(pair, voi && offered.voi, zoomPan && offered.zoomPan);
  useScrollSync(pair, pairing);

  const align = useCallback(() => {
    if (!pair || !pairing || !pairKey) return;
    const c = stackViewport(pair.currentViewportId)?.getCurrentImageIdIndex();
    const p = stackViewport(pair.priorViewportId)?.getCurrentImageIdIndex();
    const offset = c === undefined || p === undefined ? undefined : alignmentOffset(pairing, c, p);
    if (offset === undefined) return;
    useSyncStore.getState().setAlignment(pairKey, offset, 'reader');
    if (!useSyncStore.getState().scroll) useSyncStore.getState().toggle('scroll');
  }, [pair, pairing, pairKey]);

  return { scrollPossible: pairing !== undefined, sameModality: offered.voi && offered.zoomPan, align };
}
