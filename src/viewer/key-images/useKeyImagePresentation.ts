import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useDataSource } from '../../page-context/useDataSource.ts';
import { keyImageSetOf } from '../../imaging/key-image-stack.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { loadPresentationStates, presentationStatesQueryKey } from '../presentation-states/presentation-states-query.ts';
import { usePresentationStore } from '../presentation-states/presentation-store.ts';
import { keyImageSetsQuery } from './key-image-sets-query.ts';

/** Clears the state chosen for a key image of this viewport (not one the reader chose from the list). */
function clearKeyImageState(viewportId: string): void {
  const { chosen, clear } = usePresentationStore.getState();
  if (chosen?.viewportId === viewportId && chosen.forKeyImage) clear();
}

/**
 * While a viewport shows a key-image set: the image on screen is shown with the presentation state its
 * Key Object Selection names for it (the nested Referenced SOP Sequence of its IMAGE item), if any.
 */
export function useKeyImagePresentation(viewportId: string, seriesInstanceUID: string | undefined, imageId: string | undefined): void {
  const source = useDataSource();
  const kos = keyImageSetOf(seriesInstanceUID);
  const ref = imageId ? parseWadorsImageId(imageId) : undefined;
  const study = ref?.studyInstanceUID ?? '';
  const sets = useQuery({ ...keyImageSetsQuery(source, study), enabled: kos !== undefined && ref !== undefined });
  const image = sets.data
    ?.find((s) => s.sopInstanceUID === kos)
    ?.images.find((i) => i.sopInstanceUID === ref?.sopInstanceUID && (!i.frameNumbers || i.frameNumbers.includes(ref.frameNumber)));
  const stateUID = kos ? image?.presentationState?.sopInstanceUID : undefined;
  const states = useQuery({
    queryKey: presentationStatesQueryKey(source, study),
    queryFn: ({ signal }) => loadPresentationStates(source, study, signal),
    staleTime: 60_000,
    enabled: stateUID !== undefined,
  });
  const content = stateUID ? states.data?.states.find((s) => s.sopInstanceUID === stateUID) : undefined;

  useEffect(() => {
    if (!kos) return;
    if (!content) {
      clearKeyImageState(viewportId);
      return;
    }
    const { chosen, chooseForKeyImage } = usePresentationStore.getState();
    if (chosen?.viewportId !== viewportId || chosen.content !== content) chooseForKeyImage(viewportId, content);
  }, [kos, content, viewportId]);

  // Leaving the set (another series, or the viewport closing) takes its key image's state with it.
  useEffect(() => (kos ? () => clearKeyImageState(viewportId) : undefined), [kos, viewportId]);
}
