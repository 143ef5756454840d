import { useMediaQuery } from '../../ui/useMediaQuery.ts';

/**
 * Below this the image takes the screen: the side panels move into a drawer and the reading toolbar keeps
 * its most-used tools, the rest under "More tools". Phones in either orientation and tablets held
 * upright; a landscape tablet (1024 × 768) keeps the side panels, which can be collapsed.
 */
export const COMPACT_VIEWER_QUERY = '(max-width: 899px), (max-height: 480px)';

/** A touch screen (the W/L touch mode is offered there, whatever the width). */
export const TOUCH_SCREEN_QUERY = '(any-pointer: coarse)';

/** An upright compact screen (a phone in portrait): two images compared are hung one above the other. */
export const UPRIGHT_COMPACT_QUERY = '(max-width: 899px) and (orientation: portrait)';

/** The layout for two images side by side on this screen, read when a comparison is hung (not on later rotation). */
export function pairLayout(): '1x2' | '2x1' {
  return window.matchMedia(UPRIGHT_COMPACT_QUERY).matches ? '2x1' : '1x2';
}

export function useCompactViewer(): boolean {
  return useMediaQuery(COMPACT_VIEWER_QUERY);
}

export function useTouchScreen(): boolean {
  return useMediaQuery(TOUCH_SCREEN_QUERY);
}
