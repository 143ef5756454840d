import type { StackImage } from '../../imaging/series-stack.ts';
import { mprAvailability } from './mpr-availability.ts';
import { useMprStore } from './mpr-store.ts';
import { MprView } from './MprView.tsx';

/** In a layout slot, the MPR of its series while the reader has switched it on (nothing otherwise). */
export function MprSlot({
  slotId,
  position,
  seriesInstanceUID,
  images,
}: {
  slotId: string;
  position: number;
  seriesInstanceUID: string;
  images: readonly StackImage[];
}) {
  const on = useMprStore((s) => s.bySlot[slotId] === seriesInstanceUID);
  if (!on || images.length === 0) return null;
  const availability = mprAvailability(images);
  if (availability.kind !== 'volume') return null;
  return <MprView slotId={slotId} position={position} seriesInstanceUID={seriesInstanceUID} images={images} volume={availability.volume} />;
}
