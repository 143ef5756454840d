import { useState, type FormEvent } from 'react';
import { validateUserPreset } from '../../imaging/window-presets.ts';
import { useUserPresets } from './user-presets.ts';
import { stackViewport } from '../viewport/engine.ts';
import { activeViewportId, currentDescriptor, currentWindow } from '../viewport/viewport-actions.ts';
import { useModalDialog } from '../../ui/useModalDialog.ts';

function initialValues() {
  const vp = stackViewport(activeViewportId());
  const win = vp ? currentWindow(vp) : undefined;
  const d = vp ? currentDescriptor(vp) : undefined;
  return {
    name: '',
    width: win ? String(Math.round(win.width)) : '',
    center: win ? String(Math.round(win.center)) : '',
    modality: d?.modality ?? '*',
  };
}

/** Saves the reader's own window presets (in this browser) and lists them for removal. */
export function UserPresetDialog({ onClose }: { onClose: () => void }) {
  const ref = useModalDialog();
  const { owner, presets, add, remove } = useUserPresets();
  const [form, setForm] = useState(initialValues);
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = validateUserPreset(form);
    if (typeof result === 'string') return setError(result);
    add(result);
    setError(undefined);
    setForm({ ...form, name: '' });
  };
  const field = (key: keyof typeof form, text: string, inputMode?: 'decimal') => (
    <label>
      {text}
      <input value={form[key]} inputMode={inputMode} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <dialog ref={ref} className="rr-dialog" aria-labelledby="user-presets-title" onClose={onClose} onCancel={onClose}>
      <h2 id="user-presets-title">Your window presets</h2>
      <form onSubmit={submit} aria-label="New window preset">
        {field('name', 'Name')}
        {field('width', 'Width (W)', 'decimal')}
        {field('center', 'Level (L)', 'decimal')}
        <label>
          Modality
          <select value={form.modality} onChange={(e) => setForm({ ...form, modality: e.target.value })}>
            <option value="*">Every modality</option>
            {['CT', 'MR', 'CR', 'DX', 'MG', 'US', 'NM', 'PT', 'XA'].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        {error && (
          <p role="alert" className="rr-form-error">
            {error}
          </p>
        )}
        <button type="submit">Save preset</button>
      </form>
      {presets.length > 0 && (
        <table>
          <caption>{owner === undefined ? 'Kept for this page only' : 'Saved in this browser, for you only'}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">W</th>
              <th scope="col">L</th>
              <th scope="col">Modality</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {presets.map((p, i) => (
              <tr key={`${p.name}-${i}`}>
                <td>{p.name}</td>
                <td>{p.width}</td>
                <td>{p.center}</td>
                <td>{p.modality === '*' ? 'all' : p.modality}</td>
                <td>
                  <button type="button" aria-label={`Remove preset ${p.name}`} onClick={() => remove(i)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="rr-dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
