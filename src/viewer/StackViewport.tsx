import type { StackImage } from '../imaging/series-stack.ts';
import { ViewportOverlay, type OverlayText } from './ViewportOverlay.tsx';
import { useStackViewport } from './useStackViewport.ts';

interface StackViewportProps {
  images: readonly StackImage[];
  overlay: OverlayText;
  label: string;
}

export function StackViewport({ images, overlay, label }: StackViewportProps) {
  const { elementRef, state, initError } = useStackViewport(images);
  const error = initError ?? state.error;
  return (
    <div className="viewport-frame">
      <div
        ref={elementRef}
        className="viewport-element"
        role="img"
        aria-label={label}
        data-testid="viewport"
        onContextMenu={(e) => e.preventDefault()}
      />
      <ViewportOverlay text={overlay} state={state} />
      {error && (
        <div role="alert" className="viewport-error">
          {error}
        </div>
      )}
    </div>
  );
}
