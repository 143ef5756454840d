import { displayChord, KEY_GROUPS, KEYMAP } from './keymap.ts';
import { useModalDialog } from '../../../ui/useModalDialog.ts';

/** The list of every keyboard binding, as a modal dialog (opened with `?`). */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const ref = useModalDialog();
  return (
    <dialog ref={ref} className="rr-dialog" aria-labelledby="shortcut-sheet-title" onClose={onClose} onCancel={onClose}>
      <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
      {KEY_GROUPS.map((group) => {
        const rows = KEYMAP.filter((b) => b.group === group);
        if (rows.length === 0) return null;
        return (
          <table key={group}>
            <caption>{group}</caption>
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
                  <td>{b.description}</td>
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
