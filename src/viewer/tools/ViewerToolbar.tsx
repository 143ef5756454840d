import { useEffect, useRef, useState, type ReactNode } from 'react';
import { hasPermission } from '../../auth/roles.ts';
import { presetForKey } from '../../imaging/window-presets.ts';
import type { ImagePresets } from '../../imaging/body-part-presets.ts';
import { useSession } from '../../page-context/useSession.ts';
import { AnnotationTextDialog } from '../annotations/AnnotationTextDialog.tsx';
import { KEYMAP, type ViewerAction } from './keyboard/keymap.ts';
import { ShortcutSheet } from './keyboard/ShortcutSheet.tsx';
import { useViewerKeyboard, type KeyHandlers } from './keyboard/useViewerKeyboard.ts';
import type { PrimaryTool } from './tool-group.ts';
import { useToolsStore } from './tools-store.ts';
import { UserPresetDialog } from './UserPresetDialog.tsx';
import { PresentationDrafts } from '../annotations/PresentationDrafts.tsx';
import { SaveAnnotations } from '../annotations/SaveAnnotations.tsx';
import { useUserPresets } from './user-presets.ts';
import { ToolButton } from './ToolButton.tsx';
import type { IconName } from './toolbar-icons.tsx';
import {
  activeViewportId,
  applyWindow,
  deleteSelectedAnnotations,
  flip,
  presetsForViewport,
  redo,
  resetView,
  rotateClockwise,
  toggleInvert,
  undo,
} from '../viewport/viewport-actions.ts';
import { WindowPresetMenu } from './WindowPresetMenu.tsx';
import { useTouchScreen } from '../page-layout/compact-viewer.ts';
import { MprButton } from '../mpr/MprButton.tsx';
import { LocalizerLinesToggle } from '../localizer/LocalizerLinesToggle.tsx';
import { toggleKeyImage } from '../key-images/toggle-key-image.ts';
import './viewer-tools.css';

type ToolEntry = readonly [PrimaryTool, string, ViewerAction, IconName];

const NAVIGATION_TOOLS: readonly ToolEntry[] = [
  ['pan', 'Pan', 'tool.pan', 'pan'],
  ['zoom', 'Zoom', 'tool.zoom', 'zoom'],
  ['scroll', 'Scroll', 'tool.scroll', 'scroll'],
];
const MEASUREMENT_TOOLS: readonly ToolEntry[] = [
  ['length', 'Length', 'tool.length', 'length'],
  ['angle', 'Angle', 'tool.angle', 'angle'],
  ['rectangleRoi', 'Rectangle ROI', 'tool.rectangleRoi', 'rectangleRoi'],
  ['ellipseRoi', 'Ellipse ROI', 'tool.ellipseRoi', 'ellipseRoi'],
  ['arrow', 'Arrow', 'tool.arrow', 'arrow'],
  ['probe', 'Probe', 'tool.probe', 'probe'],
];
const WINDOW_TOOL: ToolEntry = ['windowLevel', 'Window/level', 'tool.windowLevel', 'windowLevel'];
const TOOLS: readonly ToolEntry[] = [...NAVIGATION_TOOLS, ...MEASUREMENT_TOOLS, WINDOW_TOOL];

/** The first key of an action, for tooltips and aria-keyshortcuts. */
function keyOf(action: ViewerAction): string | undefined {
  return KEYMAP.find((b) => b.action === action)?.keys[0];
}

/** The touch mode toggle: one finger windows (W/L) instead of scrolling (or panning a single image). */
function TouchWindowToggle() {
  const { touchMode, setTouchMode } = useToolsStore();
  return (
    <button
      type="button"
      className="touch-mode-toggle"
      aria-pressed={touchMode === 'windowLevel'}
      title="W/L touch mode: one-finger drag changes the window instead of scrolling"
      onClick={() => setTouchMode(touchMode === 'windowLevel' ? 'scroll' : 'windowLevel')}
    >
      W/L
    </button>
  );
}

/**
 * "More tools": on a compact screen, the toolbar groups that do not fit, behind a disclosure button.
 * The panel stays mounted while closed (the save control owns Ctrl+S). Escape closes it and focus returns
 * to the button; choosing a tool or a view action closes it too.
 */
function MoreTools({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="more-tools-button"
        aria-label="More tools"
        aria-expanded={open}
        aria-controls="more-tools"
        onClick={() => setOpen(!open)}
      >
        More <span aria-hidden="true">▾</span>
      </button>
      <div
        ref={panel}
        id="more-tools"
        className="more-tools"
        role="group"
        aria-label="More tools"
        hidden={!open}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          close();
        }}
        onClick={(e) => {
          if ((e.target as Element).closest('[data-closes-menu] button')) setOpen(false);
        }}
      >
        {children}
      </div>
    </>
  );
}

/**
 * Reading tools, view actions, window presets and help, as one row of icon buttons in groups (wrapping
 * on narrow screens); also owns the tools' keyboard shortcuts. On a compact screen (`compact`) the row
 * keeps what a reader on a phone uses most — the W/L touch mode, the window presets, reset — and the
 * other groups are under "More tools".
 */
export function ViewerToolbar({ compact = false }: { compact?: boolean }) {
  const { activeTool, chooseTool } = useToolsStore();
  const touchScreen = useTouchScreen();
  // The sheet names what keys 1–9 apply to the active viewport's image, read when it opens.
  const [sheet, setSheet] = useState<ImagePresets | undefined>();
  const [presetsOpen, setPresetsOpen] = useState(false);
  const session = useSession();
  // Storing presentation states needs images:write (qa reads only; the gateway refuses it anyway).
  const writer = session && hasPermission(session.roles, 'images:write') ? session : undefined;

  const openSheet = () => setSheet(presetsForViewport(activeViewportId(), useUserPresets.getState().presets));
  const view = {
    invert: () => toggleInvert(activeViewportId()),
    rotate: () => rotateClockwise(activeViewportId()),
    flipH: () => flip(activeViewportId(), 'horizontal'),
    flipV: () => flip(activeViewportId(), 'vertical'),
    reset: () => resetView(activeViewportId()),
    delete: () => deleteSelectedAnnotations(activeViewportId()),
  };
  const handlers: KeyHandlers = {
    ...Object.fromEntries(TOOLS.map(([tool, , action]) => [action, () => chooseTool(tool)])),
    'view.invert': view.invert,
    'view.rotate': view.rotate,
    'view.flipH': view.flipH,
    'view.flipV': view.flipV,
    'view.reset': view.reset,
    'annotation.delete': view.delete,
    'history.undo': undo,
    'history.redo': redo,
    'preset.apply': (b) => {
      const { presets } = presetsForViewport(activeViewportId(), useUserPresets.getState().presets);
      const preset = presetForKey(presets, (b.arg ?? 0) + 1);
      if (preset) applyWindow(activeViewportId(), preset.width, preset.center);
    },
    'help.shortcuts': openSheet,
    'keyImage.toggle': () => toggleKeyImage(activeViewportId()),
    // SaveAnnotations owns the key for a writer; anyone else's Ctrl+S must not open the browser's "Save page".
    ...(writer ? {} : { 'annotations.save': () => undefined }),
  };
  useViewerKeyboard(handlers);

  const toolButton = ([tool, label, action, icon]: ToolEntry) => (
    <ToolButton key={tool} label={label} icon={icon} shortcut={keyOf(action)} pressed={activeTool === tool} onClick={() => chooseTool(tool)} />
  );
  const actionButton = (action: ViewerAction, label: string, icon: IconName, onClick: () => void) => (
    <ToolButton label={label} icon={icon} shortcut={keyOf(action)} onClick={onClick} />
  );

  const navigation = (
    <div role="group" aria-label="Navigation" data-closes-menu>
      {NAVIGATION_TOOLS.map(toolButton)}
    </div>
  );
  const measurement = (
    <div role="group" aria-label="Measurement" data-closes-menu>
      {MEASUREMENT_TOOLS.map(toolButton)}
    </div>
  );
  const windowGroup = (
    <div role="group" aria-label="Window">
      {toolButton(WINDOW_TOOL)}
      {!compact && <WindowPresetMenu />}
      <ToolButton label="My presets…" icon="userPresets" onClick={() => setPresetsOpen(true)} />
    </div>
  );
  const viewGroup = (
    <div role="group" aria-label="View" data-closes-menu>
      {actionButton('view.invert', 'Invert', 'invert', view.invert)}
      {actionButton('view.rotate', 'Rotate 90°', 'rotate', view.rotate)}
      {actionButton('view.flipH', 'Flip horizontal', 'flipH', view.flipH)}
      {actionButton('view.flipV', 'Flip vertical', 'flipV', view.flipV)}
      {!compact && actionButton('view.reset', 'Reset view', 'reset', view.reset)}
      <MprButton />
      <LocalizerLinesToggle />
    </div>
  );
  const annotations = (
    <div role="group" aria-label="Annotations">
      {actionButton('history.undo', 'Undo', 'undo', undo)}
      {actionButton('history.redo', 'Redo', 'redo', redo)}
      {actionButton('annotation.delete', 'Delete annotation', 'delete', view.delete)}
      {writer && <SaveAnnotations session={writer} />}
      <PresentationDrafts owner={session?.username} />
    </div>
  );
  const help = (
    <div role="group" aria-label="Help" data-closes-menu>
      {actionButton('help.shortcuts', 'Shortcuts', 'shortcuts', openSheet)}
    </div>
  );

  return (
    <div className={`reading-toolbar${compact ? ' compact' : ''}`} role="toolbar" aria-label="Reading tools">
      {compact ? (
        <>
          <div role="group" aria-label="Most used" className="most-used">
            <TouchWindowToggle />
            <WindowPresetMenu />
            {actionButton('view.reset', 'Reset view', 'reset', view.reset)}
          </div>
          <MoreTools>
            {navigation}
            {measurement}
            {windowGroup}
            {viewGroup}
            {annotations}
            {help}
          </MoreTools>
        </>
      ) : (
        <>
          {navigation}
          {measurement}
          {windowGroup}
          {viewGroup}
          {annotations}
          {help}
          {touchScreen && (
            <div role="group" aria-label="Touch">
              <TouchWindowToggle />
            </div>
          )}
        </>
      )}
      {sheet && <ShortcutSheet presets={sheet.presets} anatomy={sheet.anatomy} onClose={() => setSheet(undefined)} />}
      {presetsOpen && <UserPresetDialog onClose={() => setPresetsOpen(false)} />}
      <AnnotationTextDialog />
    </div>
  );
}
