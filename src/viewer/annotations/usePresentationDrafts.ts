import { eventTarget } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as csAnnotation, type Types as ToolTypes } from '@cornerstonejs/tools';
import { useEffect } from 'react';
import { restoredNotice } from '../../drafts/annotation-draft.ts';
import { deleteDraft, readDraft, writeDraft } from '../../drafts/draft-store.ts';
import { readerAnnotations, restoreDraftAnnotations, studyOfAnnotation, toDraftAnnotation } from './presentation-annotations.ts';
import { usePresentationDraftStore } from './presentation-draft-store.ts';
import { marksOfStudy, useKeyImageMarks } from '../key-images/key-image-marks.ts';
import { renderViewports } from '../viewport/engine.ts';

const WRITE_DELAY_MS = 400;
const CHANGE_EVENTS = [
  ToolEnums.Events.ANNOTATION_ADDED,
  ToolEnums.Events.ANNOTATION_COMPLETED,
  ToolEnums.Events.ANNOTATION_MODIFIED,
  ToolEnums.Events.ANNOTATION_REMOVED,
];

type ChangeEvent = CustomEvent<{ annotation?: ToolTypes.Annotation; changeType?: string }>;

/** Writes the unsaved studies' annotations and key-image marks to the reader's drafts (an empty one is deleted). */
async function writeDrafts(owner: string, sourceName: string, studies: readonly string[]): Promise<void> {
  const { unsaved } = usePresentationDraftStore.getState();
  const all = readerAnnotations();
  for (const study of studies) {
    if (!unsaved.has(study)) continue;
    const annotations = all.filter((a) => studyOfAnnotation(a) === study).map(toDraftAnnotation);
    const keyImages = marksOfStudy(study).map((m) => m.imageId);
    if (annotations.length === 0 && keyImages.length === 0) await deleteDraft(owner, sourceName, study);
    else await writeDraft({ version: 2, owner, sourceName, studyInstanceUID: study, annotations, keyImages, updatedAt: Date.now() });
  }
}

/**
 * Nothing lost: restores the reader's drafts of the studies into the viewer when they open (with a
 * notice), writes every annotation change to the reader's draft (debounced, flushed when the page is
 * hidden), and takes the studies' annotations out of the viewer when it closes — they live on in the
 * draft or the archive. `owner` is the signed-in reader's username: drafts are kept per reader.
 */
export function usePresentationDrafts(owner: string | undefined, sourceName: string, studyInstanceUIDs: readonly string[] | undefined): void {
  const studiesKey = studyInstanceUIDs?.join(',');
  useEffect(() => {
    if (studiesKey === undefined || owner === undefined) return;
    // The launched studies, and any other study (a prior hung beside them) the reader annotates.
    const studies = new Set(studiesKey.split(','));
    const store = usePresentationDraftStore.getState();
    store.reset();
    let ready = false;
    let closed = false;
    let restoring = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (ready) void writeDrafts(owner, sourceName, [...studies]).catch((err: unknown) => console.error('The annotation draft could not be written', err));
    };
    const onChange = (e: Event) => {
      const { annotation, changeType } = (e as ChangeEvent).detail;
      // Measuring again on display is not a change the reader made.
      if (closed || restoring || !annotation || changeType === ToolEnums.ChangeTypes.StatsUpdated) return;
      const study = studyOfAnnotation(annotation);
      if (!study) return;
      studies.add(study);
      usePresentationDraftStore.getState().markChanged(study);
      clearTimeout(timer);
      timer = setTimeout(flush, WRITE_DELAY_MS);
    };
    for (const type of CHANGE_EVENTS) eventTarget.addEventListener(type, onChange);
    window.addEventListener('pagehide', flush);
    // Marking a key image is a change too (the store marks its study unsaved).
    const stopMarks = useKeyImageMarks.subscribe((next, previous) => {
      if (closed || restoring || next.marks === previous.marks) return;
      for (const mark of [...next.marks, ...previous.marks]) studies.add(mark.studyInstanceUID);
      clearTimeout(timer);
      timer = setTimeout(flush, WRITE_DELAY_MS);
    });

    void Promise.all([...studies].map((study) => readDraft(owner, sourceName, study).catch(() => undefined))).then((drafts) => {
      if (closed) return;
      let restored = 0;
      let newest = 0;
      restoring = true;
      try {
        for (const draft of drafts) {
          if (!draft || (draft.annotations.length === 0 && !draft.keyImages?.length)) continue;
          useKeyImageMarks.getState().restore(draft.keyImages ?? []);
          restored += restoreDraftAnnotations(draft.annotations);
          newest = Math.max(newest, draft.updatedAt);
          usePresentationDraftStore.getState().markChanged(draft.studyInstanceUID);
        }
      } finally {
        restoring = false;
      }
      ready = true;
      if (restored > 0) {
        usePresentationDraftStore.getState().setRestoredNotice(restoredNotice(restored, newest));
        renderViewports();
      }
      if (timer !== undefined) flush();
    });

    return () => {
      flush();
      closed = true;
      for (const type of CHANGE_EVENTS) eventTarget.removeEventListener(type, onChange);
      window.removeEventListener('pagehide', flush);
      stopMarks();
      useKeyImageMarks.getState().forgetStudies(studies);
      // Written above (IndexedDB keeps the order of its transactions); another study must not show them.
      for (const a of readerAnnotations()) if (studies.has(studyOfAnnotation(a) ?? '')) csAnnotation.state.removeAnnotation(a.annotationUID!);
      usePresentationDraftStore.getState().reset();
    };
  }, [owner, sourceName, studiesKey]);
}
