import { useEffect } from 'react';
import { useBlocker, type Blocker } from 'react-router';
import { annotation as csAnnotation } from '@cornerstonejs/tools';
import { readerAnnotations, studyOfAnnotation } from './presentation-annotations.ts';
import { usePresentationDraftStore } from './presentation-draft-store.ts';
import { isLeavingForAnotherUser } from '../../session/session-state.ts';
import { useModalDialog } from '../../ui/useModalDialog.ts';
import { useKeyImageMarks } from '../key-images/key-image-marks.ts';
import { hasUnsavedWork, unsavedWorkKinds, unsavedWorkSentence, type UnsavedWork } from './unsaved-work.ts';

/** The reader's annotations that are not in the archive yet. */
function unsavedAnnotations() {
  const { unsaved } = usePresentationDraftStore.getState();
  return readerAnnotations().filter((a) => unsaved.has(studyOfAnnotation(a) ?? ''));
}

/** The key-image marks of studies whose changes are not in the archive yet. */
function unsavedKeyImageStudies(): Set<string> {
  const { unsaved } = usePresentationDraftStore.getState();
  return new Set(useKeyImageMarks.getState().marks.flatMap((m) => (unsaved.has(m.studyInstanceUID) ? [m.studyInstanceUID] : [])));
}

function unsavedWork(): UnsavedWork {
  const { unsaved } = usePresentationDraftStore.getState();
  return {
    annotations: unsavedAnnotations().length,
    keyImages: useKeyImageMarks.getState().marks.filter((m) => unsaved.has(m.studyInstanceUID)).length,
  };
}

/**
 * Leaving a study with unsaved annotations or key-image marks asks first: the browser's own question on reload or close
 * (`beforeunload`), and an accessible dialog when the reader navigates away inside the app.
 */
export function UnsavedAnnotationsGuard() {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && hasUnsavedWork(unsavedWork()));
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // Another user signed in over an ended session: the page goes, the annotations stay in this reader's draft.
      if (!hasUnsavedWork(unsavedWork()) || isLeavingForAnotherUser()) return;
      e.preventDefault();
      // Older browsers show the question only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  return blocker.state === 'blocked' ? <LeaveDialog blocker={blocker} work={unsavedWork()} /> : null;
}

function LeaveDialog({ blocker, work }: { blocker: Blocker; work: UnsavedWork }) {
  const dialogRef = useModalDialog();
  const discard = () => {
    // Removing them empties the draft when the viewer closes.
    for (const a of unsavedAnnotations()) csAnnotation.state.removeAnnotation(a.annotationUID!);
    useKeyImageMarks.getState().forgetStudies(unsavedKeyImageStudies());
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
        {unsavedWorkSentence(work)} not saved to the archive. If you leave, they stay in this browser as a draft and come back when you open the study again.
      </p>
      <div className="rr-dialog-actions">
        <button type="button" autoFocus onClick={() => blocker.reset?.()}>
          Stay
        </button>
        <button type="button" onClick={() => blocker.proceed?.()}>
          Leave and keep the draft
        </button>
        <button type="button" onClick={discard}>
          Discard {unsavedWorkKinds(work)} and leave
        </button>
      </div>
    </dialog>
  );
}
