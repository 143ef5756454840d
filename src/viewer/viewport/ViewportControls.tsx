import { MAX_CINE_FPS, MIN_CINE_FPS } from '../../imaging/cine.ts';
import type { ViewportState } from './stack-viewport-controller.ts';
import type { StackViewportCommands } from './useStackViewport.ts';
import { KeyImageToggle } from '../key-images/KeyImageToggle.tsx';

/** The slice slider, the key-image mark and, for more than one image, the cine controls under a viewport. */
export function ViewportControls({
  position,
  state,
  commands,
  imageId,
}: {
  position: number;
  state: ViewportState;
  commands: StackViewportCommands;
  /** The image on screen. */
  imageId?: string;
}) {
  const multi = state.total > 1;
  return (
    <div className="viewport-controls">
      {/* A single image has no cine. */}
      {multi && (
        <>
          <button
            type="button"
            onClick={commands.toggleCine}
            aria-pressed={state.cinePlaying}
            aria-label={`${state.cinePlaying ? 'Pause' : 'Play'} cine in viewport ${position}`}
            data-testid="cine-toggle"
          >
            {state.cinePlaying ? '❚❚' : '▶'}
          </button>
          <label className="cine-fps">
            <input
              type="number"
              min={MIN_CINE_FPS}
              max={MAX_CINE_FPS}
              value={state.cineFps}
              aria-label={`Cine frames per second in viewport ${position}`}
              onChange={(e) => {
                const fps = e.currentTarget.valueAsNumber;
                if (Number.isFinite(fps)) commands.setCineFps(fps);
              }}
            />
            fps
          </label>
        </>
      )}
      <input
        type="range"
        className="slice-slider"
        min={1}
        max={Math.max(1, state.total)}
        step={1}
        value={state.index + 1}
        disabled={!multi}
        aria-label={`Image in viewport ${position}`}
        aria-valuetext={`Image ${state.index + 1} of ${state.total}`}
        onChange={(e) => commands.goTo(e.currentTarget.valueAsNumber - 1)}
      />
      <KeyImageToggle position={position} imageId={imageId} />
    </div>
  );
}
