import type { ReactNode } from 'react';

/**
 * The toolbar's icons: hand-drawn 24×24 line drawings in the text colour (no icon font). Decorative only:
 * every button carries its own accessible name.
 */
export type IconName =
  | 'windowLevel'
  | 'pan'
  | 'zoom'
  | 'scroll'
  | 'length'
  | 'angle'
  | 'rectangleRoi'
  | 'ellipseRoi'
  | 'arrow'
  | 'probe'
  | 'invert'
  | 'rotate'
  | 'flipH'
  | 'flipV'
  | 'reset'
  | 'undo'
  | 'redo'
  | 'delete'
  | 'save'
  | 'userPresets'
  | 'shortcuts'
  | 'localizerLines';

const PATHS: Record<IconName, ReactNode> = {
  windowLevel: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 3.5a8.5 8.5 0 0 1 0 17z" fill="currentColor" />
    </>
  ),
  pan: <path d="M12 3v18M3 12h18M12 3l-3 3M12 3l3 3M12 21l-3-3M12 21l3-3M3 12l3-3M3 12l3 3M21 12l-3-3M21 12l-3 3" />,
  zoom: (
    <>
      <circle cx="10.5" cy="10.5" r="6" />
      <path d="M15 15l6 6M8 10.5h5M10.5 8v5" />
    </>
  ),
  scroll: <path d="M6 7h9M6 11h9M6 15h9M6 19h9M19 4v16M19 4l-2 2.5M19 4l2 2.5M19 20l-2-2.5M19 20l2-2.5" />,
  length: <path d="M4 18L18 4M3 15l6 6M15 3l6 6" />,
  angle: <path d="M19 19H5L16 6M9.5 19a5 5 0 0 0-1.6-3.8" />,
  rectangleRoi: <rect x="4" y="6" width="16" height="12" rx="1" strokeDasharray="3 2" />,
  ellipseRoi: <ellipse cx="12" cy="12" rx="8.5" ry="6" strokeDasharray="3 2" />,
  arrow: <path d="M4 20L14 10M14 10H9M14 10v5M15 3h6M18 3v6" />,
  probe: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v5M12 17v5M2 12h5M17 12h5" />
    </>
  ),
  invert: (
    <>
      <rect x="4" y="4" width="16" height="16" rx="2" />
      <path d="M4 20L20 4v16z" fill="currentColor" />
    </>
  ),
  rotate: <path d="M19 12a7 7 0 1 1-2.05-4.95M19 4v4.5h-4.5" />,
  flipH: <path d="M12 3v18M9 6L3 18h6zM15 6l6 12h-6z" />,
  flipV: <path d="M3 12h18M6 9L18 3v6zM6 15l12 6v-6z" />,
  reset: (
    <>
      <path d="M5 12a7 7 0 1 0 2.05-4.95M5 4v4.5h4.5" />
      <circle cx="12" cy="12" r="1.5" fill="currentColor" />
    </>
  ),
  undo: <path d="M9 14L4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" />,
  redo: <path d="M15 14l5-5-5-5M20 9H10a6 6 0 0 0 0 12h3" />,
  delete: <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6" />,
  save: <path d="M5 4h11l3 3v13H5zM8 4v5h7V4M8 20v-6h8v6" />,
  userPresets: (
    <>
      <path d="M4 6h9M4 12h9M4 18h6" />
      <path d="M18 14v8M14 18h8" />
    </>
  ),
  localizerLines: (
    <>
      <rect x="5" y="3" width="14" height="18" rx="1" />
      <path d="M2 10h20" strokeDasharray="3 2" />
    </>
  ),
  shortcuts: (
    <>
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 10h1M10 10h1M14 10h1M18 10h0M7 14h10" />
    </>
  ),
};

export function ToolbarIcon({ name }: { name: IconName }) {
  return (
    <svg
      className="toolbar-icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
