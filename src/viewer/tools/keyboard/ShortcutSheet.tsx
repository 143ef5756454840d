import type { PresetAnatomy } from '../../../imaging/body-part-presets.ts';
import { presetForKey, type OfferedPreset } from '../../../imaging/window-presets.ts';
import { displayChord, KEY_GROUPS, KEYMAP, type KeyBinding } from './keymap.ts';
import { useModalDialog } from '../../../ui/useModalDialog.ts';

const presetWindowText = (p: { width: number; center: number }) => `W ${p.width} L ${p.center}`;

/** What a preset key does for the image on screen: the preset's name and window, or that it has none. */
function presetDescription(b: KeyBinding, presets: readonly OfferedPreset[]): string {
  const preset = presetForKey(presets, (b.arg ?? 0) + 1);
  return preset ? `${preset.name} (${presetWindowText(preset)})` : 'No preset for this image';
}

function presetCaption(presets: readonly OfferedPreset[] | undefined, anatomy: PresetAnatomy | undefined): string {
  if (!presets) return 'Window presets';
  if (!anatomy?.source || anatomy.regions.length === 0) return 'Window presets for this image';
  return `Window presets for this image (${anatomy.regions.join(', ')}, from ${anatomy.source})`;
}

/**
 * The list of every keyboard binding, as a modal dialog (opened with `?`). With the presets of the image
 * on screen, each of keys 1–9 is named by the preset it applies.
 */
export function ShortcutSheet({ onClose, presets, anatomy }: { onClose: () => void; presets?: readonly OfferedPreset[]; anatomy?: PresetAnatomy }) {
  const ref = useModalDialog();
  return (
    <dialog ref={ref} className="rr-dialog" aria-labelledby="shortcut-sheet-title" onClose={onClose} onCancel={onClose}>
      <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
      {KEY_GROUPS.map((group) => {
        const rows = KEYMAP.filter((b) => b.group === group);
        if (rows.length === 0) return null;
        return (
          <table key={group}>
            <caption>{group === 'Window presets' ? presetCaption(presets, anatomy) : group}</caption>
            <thead>
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={`${b.action}-${b.keys.join()}`}>
                  <td>
                    {b.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{displayChord(k)}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{b.action === 'preset.apply' && presets ? presetDescription(b, presets) : b.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
      <div className="rr-dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
