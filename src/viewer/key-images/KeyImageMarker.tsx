import { useIsKeyImage } from './key-image-marks.ts';
import './key-images.css';

/** "★ Key image" over a viewport whose image on screen the reader marked. */
export function KeyImageMarker({ imageId }: { imageId: string | undefined }) {
  const marked = useIsKeyImage(imageId);
  return marked ? (
    <div className="key-image-marker" data-testid="key-image-marker" role="note" aria-label="Marked as key image">
      ★ Key image
    </div>
  ) : null;
}
