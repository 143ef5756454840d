import { useState } from 'react';
import { hasPermission } from '../../auth/roles.ts';
import { useSession } from '../../page-context/useSession.ts';
import { AnnotationTextDialog } from '../annotations/AnnotationTextDialog.tsx';
import { KEYMAP, displayChord, type ViewerAction } from './keyboard/keymap.ts';
import { ShortcutSheet } from './keyboard/ShortcutSheet.tsx';
import { useViewerKeyboard, type KeyHandlers } from './keyboard/useViewerKeyboard.ts';
import type { PrimaryTool } from './tool-group.ts';
import { useToolsStore } from './tools-store.ts';
import { UserPresetDialog } from './UserPresetDialog.tsx';
import { PresentationDrafts } from '../annotations/PresentationDrafts.tsx';
import { SaveAnnotations } from '../annotations/SaveAnnotations.tsx';
import { useUserPresets } from './user-presets.ts';
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

const TOOLS: ReadonlyArray<[PrimaryTool, string, ViewerAction]> = [
  ['windowLevel', 'Window/level', 'tool.windowLevel'],
  ['pan', 'Pan', 'tool.pan'],
  ['zoom', 'Zoom', 'tool.zoom'],
  ['length', 'Length', 'tool.length'],
  ['angle', 'Angle', 'tool.angle'],
  ['rectangleRoi', 'Rectangle ROI', 'tool.rectangleRoi'],
  ['ellipseRoi', 'Ellipse ROI', 'tool.ellipseRoi'],
  ['arrow', 'Arrow', 'tool.arrow'],
  ['probe', 'Probe', 'tool.probe'],
  ['scroll', 'Scroll', 'tool.scroll'],
];

/** The first key of an action, for tooltips and aria-keyshortcuts. */
function keyOf(action: ViewerAction): string | undefined {
  return KEYMAP.find((b) => b.action === action)?.keys[0];
}

function ActionButton({ action, label, onClick }: { action: ViewerAction; label: string; onClick: () => void }) {
  const key = keyOf(action);
  return (
    <button type="button" onClick={onClick} title={key ? `${label} (${displayChord(key)})` : label} aria-keyshortcuts={key?.replace('Ctrl', 'Control')}>
      {label}
    </button>
  );
}

/** Reading tools, view actions, window presets and help; also owns the tools' keyboard shortcuts. */
export function ViewerToolbar() {
  const { activeTool, chooseTool } = useToolsStore();
  const [sheetOpen, setSheetOpen] = useState(false);
  const [presetsOpen, setPresetsOpen] = useState(false);
  const session = useSession();
  // Storing presentation states needs images:write (qa reads only; the gateway refuses it anyway).
  const writer = session && hasPermission(session.roles, 'images:write') ? session : undefined;

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
      const preset = presetsForViewport(activeViewportId(), useUserPresets.getState().presets)[b.arg ?? 0];
      if (preset) applyWindow(activeViewportId(), preset.width, preset.center);
    },
    'help.shortcuts': () => setSheetOpen(true),
    // SaveAnnotations owns the key for a writer; anyone else's Ctrl+S must not open the browser's "Save page".
    ...(writer ? {} : { 'annotations.save': () => undefined }),
  };
  useViewerKeyboard(handlers);

  return (
    <div className="reading-toolbar" role="toolbar" aria-label="Reading tools">
      <div role="group" aria-label="Mouse tool">
        {TOOLS.map(([tool, label, action]) => {
          const key = keyOf(action);
          return (
            <button
              key={tool}
              type="button"
              aria-pressed={activeTool === tool}
              onClick={() => chooseTool(tool)}
              title={key ? `${label} (${displayChord(key)})` : label}
              aria-keyshortcuts={key}
            >
              {label}
            </button>
          );
        })}
      </div>
      <div role="group" aria-label="View">
        <ActionButton action="view.invert" label="Invert" onClick={view.invert} />
        <ActionButton action="view.rotate" label="Rotate 90°" onClick={view.rotate} />
        <ActionButton action="view.flipH" label="Flip horizontal" onClick={view.flipH} />
        <ActionButton action="view.flipV" label="Flip vertical" onClick={view.flipV} />
        <ActionButton action="view.reset" label="Reset view" onClick={view.reset} />
      </div>
      <div role="group" aria-label="Annotations">
        <ActionButton action="history.undo" label="Undo" onClick={undo} />
        <ActionButton action="history.redo" label="Redo" onClick={redo} />
        <ActionButton action="annotation.delete" label="Delete annotation" onClick={view.delete} />
        {writer && <SaveAnnotations session={writer} />}
        <PresentationDrafts owner={session?.username} />
      </div>
      <div role="group" aria-label="Window">
        <WindowPresetMenu />
        <button type="button" onClick={() => setPresetsOpen(true)}>
          My presets…
        </button>
      </div>
      <ActionButton action="help.shortcuts" label="Shortcuts" onClick={() => setSheetOpen(true)} />
      {sheetOpen && <ShortcutSheet onClose={() => setSheetOpen(false)} />}
      {presetsOpen && <UserPresetDialog onClose={() => setPresetsOpen(false)} />}
      <AnnotationTextDialog />
    </div>
  );
}
