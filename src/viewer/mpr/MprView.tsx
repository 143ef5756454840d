import { Enums } from '@cornerstonejs/core';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_CINE_FPS } from '../../imaging/cine.ts';
import { ROTATION_STEP_DEGREES, obliquityText } from '../../imaging/oblique-rotation.ts';
import { formatWindow } from '../viewport/overlay-text.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import type { RegularVolume } from '../../imaging/volume-geometry.ts';
import { gridDescription } from '../../imaging/volume-grid.ts';
import { useToolsStore } from '../tools/tools-store.ts';
import { getViewportController, stackViewport, type MprOrientation } from '../viewport/engine.ts';
import { MprController, PLANES, planeViewportId, type MprProgress } from './mpr-controller.ts';
import { registerMprTarget } from './mpr-registry.ts';
import { DEFAULT_SLAB_MM, useMprStore, type SlabMode } from './mpr-store.ts';
import { middleIndex } from '../../imaging/load-progress.ts';
import { PlaneCine } from './plane-cine.ts';
import './mpr.css';

const PLANE_NAMES: Record<MprOrientation, string> = { axial: 'Axial', coronal: 'Coronal', sagittal: 'Sagittal' };
const SLAB_MODES: readonly [SlabMode, string][] = [
  ['none', 'None (thin slice)'],
  ['mip', 'MIP (maximum)'],
  ['minip', 'MinIP (minimum)'],
  ['average', 'Average'],
];

interface MprViewProps {
  slotId: string;
  /** 1-based position of the slot in the layout, for accessible names. */
  position: number;
  seriesInstanceUID: string;
  images: readonly StackImage[];
  volume: RegularVolume;
}

type Texts = Record<MprOrientation, string>;
/** The frame rate of the stack's cine under the MPR in slot `slotId`. */
const stackCineFps = (slotId: string) => getViewportController(slotId)?.cineRate() ?? DEFAULT_CINE_FPS;
const EMPTY_TEXTS: Texts = { axial: '', coronal: '', sagittal: '' };
/** The series of a layout slot as three orthographic planes with crosshairs, a slab control, readouts and fill progress. */
export function MprView({ slotId, position, seriesInstanceUID, images, volume }: MprViewProps) {
  const axial = useRef<HTMLDivElement>(null);
  const coronal = useRef<HTMLDivElement>(null);
  const sagittal = useRef<HTMLDivElement>(null);
  const refs = { axial, coronal, sagittal };
  const controller = useRef<MprController | undefined>(undefined);
  const [progress, setProgress] = useState<MprProgress>({ loaded: 0, total: images.length });
  const [error, setError] = useState<string>();
  // The planes are set up once the volume holds its first frame (MprController.start).
  const [planesShown, setPlanesShown] = useState(false);
  const [readouts, setReadouts] = useState<Texts>(EMPTY_TEXTS);
  const [windowText, setWindowText] = useState('');
  // "Oblique 5°" for a plane turned from its orthogonal one (by the [ ] keys or a dragged reference line).
  const [obliquity, setObliquity] = useState<Texts>(EMPTY_TEXTS);
  const cine = useRef<PlaneCine | undefined>(undefined);
  const [cinePlane, setCinePlane] = useState<MprOrientation>();
  // The plane the navigation keys move: the one the pointer last entered or pressed, or that has the focus.
  const [activePlane, setActivePlane] = useState<MprOrientation>('axial');
  const activePlaneRef = useRef(activePlane);
  const activate = (plane: MprOrientation) => () => {
    activePlaneRef.current = plane;
    setActivePlane(plane);
  };
  const slab = useMprStore((s) => s.slab);
  const crosshairs = useMprStore((s) => s.crosshairs);
  const activeTool = useToolsStore((s) => s.activeTool);

  useEffect(() => {
    if (!axial.current || !coronal.current || !sagittal.current) return;
    const elements: Record<MprOrientation, HTMLDivElement> = { axial: axial.current, coronal: coronal.current, sagittal: sagittal.current };
    // The slice on screen in the stack, or (opened straight into MPR, the stack not showing yet) the middle.
    const stack = stackViewport(slotId);
    const startIndex = stack && stack.getImageIds()[0] === images[0]?.imageId ? stack.getCurrentImageIdIndex() : middleIndex(images.length);
    const created = new MprController(slotId, seriesInstanceUID, images, volume, elements, startIndex, setProgress);
    controller.current = created;
    const updateWindow = () => {
      const w = created.window();
      setWindowText(w ? formatWindow(w.width, w.center) : '');
    };
    const updateObliquity = () => {
      const texts = Object.fromEntries(PLANES.map((plane) => [plane, obliquityText(created.obliquity(plane)) ?? ''])) as Texts;
      setObliquity((old) => (PLANES.every((plane) => old[plane] === texts[plane]) ? old : texts));
    };
    // The stack's cine stops under the MPR; the MPR's plays through a plane at the stack's frame rate.
    getViewportController(slotId)?.stopCine();
    const planeCine = new PlaneCine((plane) => created.cineStep(plane), setCinePlane);
    cine.current = planeCine;
    const unregister = registerMprTarget(slotId, {
      applyWindow: (width, center) => created.applyWindow(width, center),
      navigate: (move) => created.navigate(activePlaneRef.current, move),
      rotate: (direction) => created.rotate(activePlaneRef.current, direction * ROTATION_STEP_DEGREES),
      toggleCine: () => planeCine.toggle(activePlaneRef.current, stackCineFps(slotId)),
    });
    for (const element of Object.values(elements)) {
      element.addEventListener(Enums.Events.VOI_MODIFIED, updateWindow);
      element.addEventListener(Enums.Events.CAMERA_MODIFIED, updateObliquity);
    }
    created
      // The planes are set up once the volume holds its first frame: with the tool and slab chosen by then.
      .start(() => (useMprStore.getState().crosshairs ? 'crosshairs' : useToolsStore.getState().activeTool))
      .then(() => {
        const slab = useMprStore.getState().slab;
        if (slab.mode !== 'none') created.setSlab(slab.mode, slab.thicknessMm);
        setPlanesShown(true);
        updateWindow();
      })
      .catch((err: unknown) => setError(`MPR could not start: ${err instanceof Error ? err.message : String(err)}`));
    return () => {
      unregister();
      planeCine.stop();
      cine.current = undefined;
      for (const element of Object.values(elements)) {
        element.removeEventListener(Enums.Events.VOI_MODIFIED, updateWindow);
        element.removeEventListener(Enums.Events.CAMERA_MODIFIED, updateObliquity);
      }
      created.dispose();
      controller.current = undefined;
    };
  }, [slotId, seriesInstanceUID, images, volume]);

  useEffect(() => controller.current?.setSlab(slab.mode, slab.thicknessMm), [slab]);
  // A tool chosen in the toolbar takes the left button from the crosshairs.
  const chosenTool = useRef(activeTool);
  useEffect(() => {
    if (chosenTool.current === activeTool) return;
    chosenTool.current = activeTool;
    useMprStore.getState().setCrosshairs(false);
  }, [activeTool]);
  useEffect(() => controller.current?.setPrimary(crosshairs ? 'crosshairs' : activeTool), [crosshairs, activeTool]);

  const onMove = (plane: MprOrientation) => (e: React.PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const text = controller.current?.readout(plane, [e.clientX - rect.left, e.clientY - rect.top]) ?? '';
    setReadouts((r) => (r[plane] === text ? r : { ...r, [plane]: text }));
  };
  const onLeave = (plane: MprOrientation) => () => setReadouts((r) => ({ ...r, [plane]: '' }));
  const { setSlab, setCrosshairs } = useMprStore.getState();
  const toggleCine = () => cine.current?.toggle(activePlaneRef.current, stackCineFps(slotId));

  return (
    <div className="mpr-view" data-testid="mpr-view">
      <div className="mpr-bar" role="group" aria-label={`MPR in viewport ${position}`}>
        <button
          type="button"
          aria-pressed={crosshairs}
          onClick={() => setCrosshairs(!crosshairs)}
          title="Crosshairs on the left button: click a point to move the other planes to it"
        >
          Crosshairs
        </button>
        <button
          type="button"
          onClick={() => {
            controller.current?.resetPlanes();
            const { mode, thicknessMm } = useMprStore.getState().slab;
            controller.current?.setSlab(mode, thicknessMm);
          }}
          title="Back to axial, coronal and sagittal planes through the crosshairs' centre (undoes rotation, zoom and pan)"
        >
          Reset planes
        </button>
        <button
          type="button"
          aria-keyshortcuts="C"
          onClick={toggleCine}
          title={cinePlane ? `Stop the cine of the ${cinePlane} plane (C)` : `Play cine through the ${activePlane} plane, the active one (C)`}
        >
          {cinePlane ? 'Stop cine' : 'Play cine'}
        </button>
        <label>
          Slab mode{' '}
          <select value={slab.mode} onChange={(e) => setSlab({ mode: e.target.value as SlabMode })}>
            {SLAB_MODES.map(([mode, label]) => (
              <option key={mode} value={mode}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Slab (mm){' '}
          <input
            type="number"
            min={0.5}
            max={200}
            step={0.5}
            value={slab.thicknessMm}
            onChange={(e) => {
              const mm = Number(e.target.value);
              setSlab({ thicknessMm: Number.isFinite(mm) && mm > 0 ? mm : DEFAULT_SLAB_MM });
            }}
          />
        </label>
        {volume.grid && (
          <span className="mpr-resampled" data-testid="mpr-resampled">
            {gridDescription(volume.grid)}
          </span>
        )}
        <span role="status" className="mpr-progress" data-testid="mpr-progress">
          {progress.loaded < progress.total ? `Volume: ${progress.loaded} / ${progress.total} images` : `Volume complete (${progress.total} images)`}
        </span>
      </div>
      {error && (
        <div role="alert" className="viewport-error">
          {error}
        </div>
      )}
      <div className="mpr-planes">
        {!planesShown && !error && (
          <p className="mpr-waiting" role="status">
            Waiting for the first images of the volume…
          </p>
        )}
        {PLANES.map((plane) => (
          <div key={plane} className={`mpr-plane mpr-plane-${plane}${plane === activePlane ? ' mpr-plane-active' : ''}`}>
            <div
              ref={refs[plane]}
              className="viewport-element mpr-element"
              role="img"
              aria-label={`${PLANE_NAMES[plane]} plane, viewport ${position}`}
              aria-current={plane === activePlane ? 'true' : undefined}
              data-testid="mpr-viewport"
              data-viewport-id={planeViewportId(slotId, plane)}
              tabIndex={0}
              onContextMenu={(e) => e.preventDefault()}
              onPointerEnter={activate(plane)}
              onPointerDown={activate(plane)}
              onFocus={activate(plane)}
              onPointerMove={onMove(plane)}
              onPointerLeave={onLeave(plane)}
            />
            <div className="viewport-overlay mpr-overlay">
              <div className="corner top-left">
                <div className="mpr-plane-name">{PLANE_NAMES[plane]}</div>
                <div role="status" className="mpr-obliquity" data-testid="mpr-obliquity">
                  {obliquity[plane] && (
                    <>
                      <span className="visually-hidden">{PLANE_NAMES[plane]} plane: </span>
                      {obliquity[plane]}
                    </>
                  )}
                </div>
              </div>
              <div className="corner bottom-left">
                <div data-testid="pixel-readout" className="pixel-readout" aria-live="off">
                  {readouts[plane]}
                </div>
              </div>
              <div className="corner bottom-right">
                <div data-testid="voi-readout">{windowText}</div>
              </div>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
