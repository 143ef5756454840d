import { useEffect } from 'react';
import { useBlocker, type Blocker } from 'react-router';
import { annotation as csAnnotation } from '@cornerstonejs/tools';
import { readerAnnotations, studyOfAnnotation } from './presentation-annotations.ts';
import { usePresentationDraftStore } from './presentation-draft-store.ts';
import { isLeavingForAnotherUser } from '../../session/session-state.ts';
import { useModalDialog } from '../../ui/useModalDialog.ts';

/** The reader's annotations that are not in the archive yet. */
function unsavedAnnotations() {
  const { unsaved } = usePresentationDraftStore.getState();
  return readerAnnotations().filter((a) => unsaved.has(studyOfAnnotation(a) ?? ''));
}

/**
 * Leaving a study with unsaved annotations asks first: the browser's own question on reload or close
 * (`beforeunload`), and an accessible dialog when the reader navigates away inside the app.
 */
export function UnsavedAnnotationsGuard() {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && unsavedAnnotations().length > 0);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // Another user signed in over an ended session: the page goes, the annotations stay in this reader's draft.
      if (unsavedAnnotations().length === 0 || isLeavingForAnotherUser()) return;
      e.preventDefault();
      // Older browsers show the question only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  return blocker.state === 'blocked' ? <LeaveDialog blocker={blocker} count={unsavedAnnotations().length} /> : null;
}

function LeaveDialog({ blocker, count }: { blocker: Blocker; count: number }) {
  const dialogRef = useModalDialog();
  const discard = () => {
    // Removing them empties the draft when the viewer closes.
    for (const a of unsavedAnnotations()) csAnnotation.state.removeAnnotation(a.annotationUID!);
    blocker.proceed?.();
  };
  return (
    <dialog
      ref={dialogRef}
      className="rr-dialog"
      aria-labelledby="leave-study-title"
      aria-describedby="leave-study-text"
      onCancel={(e) => {
        e.preventDefault();
        blocker.reset?.();
      }}
    >
      <h2 id="leave-study-title">Leave this study?</h2>
      <p id="leave-study-text">
        {count === 1 ? '1 annotation is' : `${count} annotations are`} not saved to the archive. If you leave, they stay in this browser as a draft and come
        back when you open the study again.
      </p>
      <div className="rr-dialog-actions">
        <button type="button" autoFocus onClick={() => blocker.reset?.()}>
          Stay
        </button>
        <button type="button" onClick={() => blocker.proceed?.()}>
          Leave and keep the draft
        </button>
        <button type="button" onClick={discard}>
          Discard annotations and leave
        </button>
      </div>
    </dialog>
  );
}
