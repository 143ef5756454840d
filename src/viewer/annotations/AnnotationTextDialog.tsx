import { useState, type FormEvent } from 'react';
import { useAnnotationTextStore } from './annotation-text.ts';
import { useModalDialog } from '../../ui/useModalDialog.ts';

/** The arrow tool's text editor: a modal dialog with a labelled field, OK and Cancel (Escape cancels). */
export function AnnotationTextDialog() {
  const request = useAnnotationTextStore((s) => s.request);
  if (!request) return null;
  return <Editor key={request.initial} initial={request.initial} resolve={request.resolve} />;
}

function Editor({ initial, resolve }: { initial: string; resolve: (text: string | null) => void }) {
  const dialogRef = useModalDialog();
  const [text, setText] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    resolve(text.trim() ? text.trim() : null);
  };
  return (
    <dialog
      ref={dialogRef}
      className="rr-dialog"
      aria-labelledby="annotation-text-title"
      onCancel={(e) => {
        e.preventDefault();
        resolve(null);
      }}
    >
      <form onSubmit={submit}>
        <h2 id="annotation-text-title">Arrow text</h2>
        <label>
          Text
          <input autoFocus value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="rr-dialog-actions">
          <button type="button" onClick={() => resolve(null)}>
            Cancel
          </button>
          <button type="submit">OK</button>
        </div>
      </form>
    </dialog>
  );
}
