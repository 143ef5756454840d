import { useMediaQuery } from '../../ui/useMediaQuery.ts';

/**
 * Below this the image takes the screen: the side panels move into a drawer and the reading toolbar keeps
 * its most-used tools, the rest under "More tools". Phones in either orientation and tablets held
 * upright; a landscape tablet (1024 × 768) keeps the side panels, which can be collapsed.
 */
export const COMPACT_VIEWER_QUERY = '(max-width: 899px), (max-height: 480px)';

/** A touch screen (the W/L touch mode is offered there, whatever the width). */
export const TOUCH_SCREEN_QUERY = '(any-pointer: coarse)';

export function useCompactViewer(): boolean {
  return useMediaQuery(COMPACT_VIEWER_QUERY);
}

export function useTouchScreen(): boolean {
  return useMediaQuery(TOUCH_SCREEN_QUERY);
}
