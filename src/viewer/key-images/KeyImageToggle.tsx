import { displayChord, KEYMAP } from '../tools/keyboard/keymap.ts';
import { useIsKeyImage, useKeyImageMarks } from './key-image-marks.ts';
import './key-images.css';

const KEY = KEYMAP.find((b) => b.action === 'keyImage.toggle')?.keys[0];

/** Marks or unmarks the image a viewport shows as a key image (pressed while it is one). */
export function KeyImageToggle({ position, imageId }: { position: number; imageId: string | undefined }) {
  const marked = useIsKeyImage(imageId);
  return (
    <button
      type="button"
      className="key-image-toggle"
      aria-pressed={marked}
      aria-label={`Mark key image in viewport ${position}`}
      title={`${marked ? 'Unmark' : 'Mark'} this image as a key image${KEY ? ` (${displayChord(KEY)})` : ''}`}
      disabled={imageId === undefined}
      onClick={() => imageId !== undefined && useKeyImageMarks.getState().toggle(imageId)}
    >
      {marked ? '★' : '☆'}
    </button>
  );
}
