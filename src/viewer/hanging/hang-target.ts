import type { LayoutId } from '../../imaging/layout.ts';
import type { ViewMode } from '../../hanging-protocols/hanging-protocol.ts';
import { useMprStore } from '../mpr/mpr-store.ts';
import { useViewerStore, VIEWPORT_IDS, type HangOptions, type SeriesRef } from '../viewer-store.ts';
import type { ProtocolLaunchHanging } from './protocol-hanging.ts';

/** A hanging to put on screen: layout, series per viewport, and what a protocol adds (presets, MPR, its name). */
export interface TargetHanging {
  layout: LayoutId;
  series: (SeriesRef | undefined)[];
  options?: HangOptions;
  modes?: readonly ViewMode[];
}

/** A protocol's hanging as the viewer hangs it: its layout, series and modes, its presets, and its name and unmet viewports by viewport id. */
export function protocolTarget({ choice, layout, series, presets, modes, unmet }: ProtocolLaunchHanging): TargetHanging {
  const hungBy = {
    protocolId: choice.protocol.id,
    name: choice.protocol.name,
    owner: choice.owner,
    unmet: Object.fromEntries([...unmet].flatMap(([index, why]) => (VIEWPORT_IDS[index] ? [[VIEWPORT_IDS[index], why]] : []))),
  };
  return { layout, series, modes, options: { presets, hungBy } };
}

/**
 * Puts a hanging on screen: the viewer store's viewports and, for a protocol's hanging (it says stack or MPR
 * for each viewport), which viewports show MPR. A hanging that says nothing of modes leaves MPR as it is.
 */
export function hangTarget(target: TargetHanging): void {
  useViewerStore.getState().hang(target.series, target.layout, target.options);
  if (!target.modes) return;
  const mpr = Object.fromEntries(
    VIEWPORT_IDS.flatMap((id, i) => (target.modes?.[i] === 'mpr' && target.series[i] ? [[id, target.series[i].seriesInstanceUID]] : [])),
  );
  useMprStore.setState({ bySlot: mpr });
}
