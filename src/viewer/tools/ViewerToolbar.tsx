import { useState } from 'react';
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

/**
 * Reading tools, view actions, window presets and help, as one row of icon buttons in groups (wrapping
 * on narrow screens); also owns the tools' keyboard shortcuts.
 */
export function ViewerToolbar() {
  const { activeTool, chooseTool } = useToolsStore();
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

  return (
    <div className="reading-toolbar" role="toolbar" aria-label="Reading tools">
      <div role="group" aria-label="Navigation">
        {NAVIGATION_TOOLS.map(toolButton)}
      </div>
      <div role="group" aria-label="Measurement">
        {MEASUREMENT_TOOLS.map(toolButton)}
      </div>
      <div role="group" aria-label="Window">
        {toolButton(WINDOW_TOOL)}
        <WindowPresetMenu />
        <ToolButton label="My presets…" icon="userPresets" onClick={() => setPresetsOpen(true)} />
      </div>
      <div role="group" aria-label="View">
        {actionButton('view.invert', 'Invert', 'invert', view.invert)}
        {actionButton('view.rotate', 'Rotate 90°', 'rotate', view.rotate)}
        {actionButton('view.flipH', 'Flip horizontal', 'flipH', view.flipH)}
        {actionButton('view.flipV', 'Flip vertical', 'flipV', view.flipV)}
        {actionButton('view.reset', 'Reset view', 'reset', view.reset)}
      </div>
      <div role="group" aria-label="Annotations">
        {actionButton('history.undo', 'Undo', 'undo', undo)}
        {actionButton('history.redo', 'Redo', 'redo', redo)}
        {actionButton('annotation.delete', 'Delete annotation', 'delete', view.delete)}
        {writer && <SaveAnnotations session={writer} />}
        <PresentationDrafts owner={session?.username} />
      </div>
      <div role="group" aria-label="Help">
        {actionButton('help.shortcuts', 'Shortcuts', 'shortcuts', openSheet)}
      </div>
      {sheet && <ShortcutSheet presets={sheet.presets} anatomy={sheet.anatomy} onClose={() => setSheet(undefined)} />}
      {presetsOpen && <UserPresetDialog onClose={() => setPresetsOpen(false)} />}
      <AnnotationTextDialog />
    </div>
  );
}
