/**
 * The viewer's keyboard map: one list, read by the key handler (useViewerKeyboard) and the
 * shortcut sheet (`?`), and copied into docs/viewer.md. Bindings follow PACS habits (OHIF's
 * hotkey map): letters pick tools, I/R/H/V change the view, 1–9 apply the image's window presets
 * (src/imaging/body-part-presets.ts decides which, per image).
 *
 * To add a binding: add an action id to `ViewerAction`, one entry to `KEYMAP`, and a handler
 * for the id where the page wires `useViewerKeyboard` (see `KeyHandlers`).
 */

/** What a key does; handlers are looked up by this id. */
export type ViewerAction =
  | 'tool.windowLevel'
  | 'tool.pan'
  | 'tool.zoom'
  | 'tool.length'
  | 'tool.angle'
  | 'tool.rectangleRoi'
  | 'tool.ellipseRoi'
  | 'tool.arrow'
  | 'tool.probe'
  | 'tool.scroll'
  | 'view.invert'
  | 'view.rotate'
  | 'view.flipH'
  | 'view.flipV'
  | 'view.reset'
  | 'view.mpr'
  | 'mpr.rotateCounterClockwise'
  | 'mpr.rotateClockwise'
  | 'annotation.delete'
  | 'history.undo'
  | 'history.redo'
  | 'annotations.save'
  | 'keyImage.toggle'
  | 'preset.apply'
  | 'help.shortcuts'
  | 'image.next'
  | 'image.previous'
  | 'image.pageNext'
  | 'image.pagePrevious'
  | 'image.first'
  | 'image.last'
  | 'cine.toggle'
  | 'viewport.maximise'
  | 'study.next';

export type KeyGroup = 'Tools' | 'View' | 'Window presets' | 'Annotations' | 'Navigation' | 'Help';

export interface KeyBinding {
  /**
   * Key chords as written for people and matched against KeyboardEvent.key:
   * modifiers `Ctrl+`, `Shift+`, `Alt+` then the key (`a`, `1`, `ArrowUp`, `Delete`, ` ` is written `Space`).
   * `Ctrl+` also matches ⌘ on macOS.
   */
  keys: readonly string[];
  description: string;
  action: ViewerAction;
  group: KeyGroup;
  /** For parametrised actions (preset.apply: the 0-based preset index). */
  arg?: number;
}

const presetKeys: KeyBinding[] = Array.from({ length: 9 }, (_, i) => ({
  keys: [String(i + 1)],
  description: `Apply the image's window preset ${i + 1} (its header windows, then the presets for its body part; the sheet names each one)`,
  action: 'preset.apply' as const,
  group: 'Window presets' as const,
  arg: i,
}));

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['w'], description: 'Window/level tool (left button)', action: 'tool.windowLevel', group: 'Tools' },
  { keys: ['p'], description: 'Pan tool (left button)', action: 'tool.pan', group: 'Tools' },
  { keys: ['z'], description: 'Zoom tool (left button)', action: 'tool.zoom', group: 'Tools' },
  { keys: ['l'], description: 'Length', action: 'tool.length', group: 'Tools' },
  { keys: ['a'], description: 'Angle', action: 'tool.angle', group: 'Tools' },
  { keys: ['b'], description: 'Rectangle ROI (area, mean, SD, min, max)', action: 'tool.rectangleRoi', group: 'Tools' },
  { keys: ['e'], description: 'Ellipse ROI (area, mean, SD, min, max)', action: 'tool.ellipseRoi', group: 'Tools' },
  { keys: ['t'], description: 'Arrow with text', action: 'tool.arrow', group: 'Tools' },
  { keys: ['o'], description: 'Pixel probe', action: 'tool.probe', group: 'Tools' },
  { keys: ['s'], description: 'Scroll tool (left button drags through slices)', action: 'tool.scroll', group: 'Tools' },
  { keys: ['i'], description: 'Invert greyscale', action: 'view.invert', group: 'View' },
  { keys: ['r'], description: 'Rotate 90° clockwise', action: 'view.rotate', group: 'View' },
  { keys: ['h'], description: 'Flip horizontally', action: 'view.flipH', group: 'View' },
  { keys: ['v'], description: 'Flip vertically', action: 'view.flipV', group: 'View' },
  { keys: ['Space'], description: 'Reset view (window, zoom, pan, rotation, flips, invert)', action: 'view.reset', group: 'View' },
  {
    keys: ['Shift+m'],
    description: "MPR: the active viewport's series as axial, coronal and sagittal planes, and back to the stack",
    action: 'view.mpr',
    group: 'View',
  },
  {
    keys: ['['],
    description: "In MPR: turn the other two planes 5° counter-clockwise about the crosshairs' centre, in the active plane (oblique planes)",
    action: 'mpr.rotateCounterClockwise',
    group: 'View',
  },
  {
    keys: [']'],
    description: "In MPR: turn the other two planes 5° clockwise about the crosshairs' centre, in the active plane (oblique planes)",
    action: 'mpr.rotateClockwise',
    group: 'View',
  },
  ...presetKeys,
  { keys: ['Delete', 'Backspace'], description: 'Delete the selected annotation', action: 'annotation.delete', group: 'Annotations' },
  { keys: ['Ctrl+z'], description: 'Undo', action: 'history.undo', group: 'Annotations' },
  { keys: ['Ctrl+y', 'Ctrl+Shift+z'], description: 'Redo', action: 'history.redo', group: 'Annotations' },
  { keys: ['Ctrl+s'], description: 'Save annotations to the archive (a new presentation state)', action: 'annotations.save', group: 'Annotations' },
  {
    keys: ['k'],
    description: 'Mark or unmark the image in the active viewport as a key image (saved with the annotations as "Of Interest")',
    action: 'keyImage.toggle',
    group: 'Annotations',
  },
  { keys: ['ArrowDown', 'ArrowRight'], description: 'Next image', action: 'image.next', group: 'Navigation' },
  { keys: ['ArrowUp', 'ArrowLeft'], description: 'Previous image', action: 'image.previous', group: 'Navigation' },
  { keys: ['PageDown'], description: 'Ten images forward', action: 'image.pageNext', group: 'Navigation' },
  { keys: ['PageUp'], description: 'Ten images back', action: 'image.pagePrevious', group: 'Navigation' },
  { keys: ['Home'], description: 'First image', action: 'image.first', group: 'Navigation' },
  { keys: ['End'], description: 'Last image', action: 'image.last', group: 'Navigation' },
  { keys: ['c'], description: 'Play or pause cine in the active viewport (in MPR: through the active plane)', action: 'cine.toggle', group: 'Navigation' },
  { keys: ['m'], description: 'Maximise or restore the active viewport', action: 'viewport.maximise', group: 'Navigation' },
  { keys: ['n'], description: 'Next unread study of the worklist view (claims it)', action: 'study.next', group: 'Navigation' },
  { keys: ['?'], description: 'Show this list of shortcuts', action: 'help.shortcuts', group: 'Help' },
];

export const KEY_GROUPS: readonly KeyGroup[] = ['Tools', 'View', 'Window presets', 'Annotations', 'Navigation', 'Help'];

/** The chord of a keyboard event in KEYMAP's notation (`Ctrl+Shift+z`, `Space`, `?`). */
export function chordOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const key = e.key === ' ' ? 'Space' : e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl');
  if (e.altKey) parts.push('Alt');
  // Shift is part of printable characters already (`?` is Shift+/): only name it for letters and named keys.
  if (e.shiftKey && (key.length > 1 || /[a-z]/.test(key))) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/** The binding a keyboard event triggers, if any. */
export function bindingFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  keymap: readonly KeyBinding[] = KEYMAP,
): KeyBinding | undefined {
  const chord = chordOf(e);
  return keymap.find((b) => b.keys.some((k) => k.toLowerCase() === chord.toLowerCase()));
}

/** How a chord is shown to people: `Ctrl+z` → `Ctrl + Z`. */
export function displayChord(chord: string): string {
  return chord
    .split('+')
    .map((p) => (p.length === 1 ? p.toUpperCase() : p))
    .join(' + ');
}
