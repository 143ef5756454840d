import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import './page-layout.css';

export const SERIES_PANEL_ID = 'viewer-series-panel';
export const PRIORS_PANEL_ID = 'viewer-priors-panel';
export const DRAWER_ID = 'viewer-drawer';

export interface SidePanels {
  /** Wide screens: each side panel shown or collapsed (the image takes the room). */
  seriesOpen: boolean;
  priorsOpen: boolean;
  /** Compact screens: the drawer holding series and priors, over the image. */
  drawerOpen: boolean;
  toggleSeries: () => void;
  togglePriors: () => void;
  setDrawerOpen: (open: boolean) => void;
}

export function useSidePanels(): SidePanels {
  const [seriesOpen, setSeriesOpen] = useState(true);
  const [priorsOpen, setPriorsOpen] = useState(true);
  const [drawerOpen, setDrawerOpen] = useState(false);
  return {
    seriesOpen,
    priorsOpen,
    drawerOpen,
    toggleSeries: () => setSeriesOpen((o) => !o),
    togglePriors: () => setPriorsOpen((o) => !o),
    setDrawerOpen,
  };
}

const PanelIcon = ({ side }: { side: 'left' | 'right' }) => (
  <svg className="panel-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
    <rect x="2" y="3" width="16" height="14" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
    <rect x={side === 'left' ? 2 : 12} y="3" width="6" height="14" fill="currentColor" opacity="0.55" />
  </svg>
);

/**
 * The buttons that show and hide the side panels: on a compact screen one "Series" button for the drawer
 * (series and priors), on a wider one a button per panel.
 */
export function PanelToggles({
  panels,
  compact,
  hasPriors,
  drawerButton,
}: {
  panels: SidePanels;
  compact: boolean;
  hasPriors: boolean;
  /** The button that opens the drawer (focus returns to it when the drawer closes). */
  drawerButton: RefObject<HTMLButtonElement | null>;
}) {
  if (compact) {
    return (
      <button
        ref={drawerButton}
        type="button"
        className="panel-toggle"
        aria-expanded={panels.drawerOpen}
        aria-controls={DRAWER_ID}
        title={hasPriors ? 'Series and priors' : 'Series'}
        onClick={() => panels.setDrawerOpen(!panels.drawerOpen)}
      >
        <PanelIcon side="left" />
        Series
      </button>
    );
  }
  return (
    <div role="group" aria-label="Side panels" className="panel-toggles">
      <button
        type="button"
        className="panel-toggle"
        aria-expanded={panels.seriesOpen}
        aria-controls={SERIES_PANEL_ID}
        title={panels.seriesOpen ? 'Hide the series browser' : 'Show the series browser'}
        onClick={panels.toggleSeries}
      >
        <PanelIcon side="left" />
        Series
      </button>
      {hasPriors && (
        <button
          type="button"
          className="panel-toggle"
          aria-expanded={panels.priorsOpen}
          aria-controls={PRIORS_PANEL_ID}
          title={panels.priorsOpen ? 'Hide the priors' : 'Show the priors'}
          onClick={panels.togglePriors}
        >
          <PanelIcon side="right" />
          Priors
        </button>
      )}
    </div>
  );
}

/** A side panel of a wide screen; collapsed, it is hidden and the image grid takes its width. */
export function SidePanel({ id, open, children }: { id: string; open: boolean; children: ReactNode }) {
  return (
    <div id={id} className="viewer-side" hidden={!open}>
      {children}
    </div>
  );
}

/**
 * The drawer of a compact screen: series and priors over the image. Opening moves focus into it; Escape,
 * a tap beside it or choosing a series closes it, and focus returns to its button.
 */
export function ViewerDrawer({
  panels,
  drawerButton,
  children,
}: {
  panels: SidePanels;
  drawerButton: RefObject<HTMLButtonElement | null>;
  children: ReactNode;
}) {
  const drawer = useRef<HTMLDivElement>(null);
  const { drawerOpen, setDrawerOpen } = panels;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (drawerOpen) drawer.current?.querySelector<HTMLElement>('button, a[href], [tabindex="0"]')?.focus();
    else if (wasOpen.current && drawer.current?.contains(document.activeElement)) drawerButton.current?.focus();
    wasOpen.current = drawerOpen;
  }, [drawerOpen, drawerButton]);
  const close = () => {
    setDrawerOpen(false);
    drawerButton.current?.focus();
  };
  return (
    <>
      {drawerOpen && <div className="viewer-drawer-scrim" aria-hidden="true" onClick={close} />}
      <div
        ref={drawer}
        id={DRAWER_ID}
        className="viewer-drawer"
        role="region"
        aria-label="Series drawer"
        hidden={!drawerOpen}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          close();
        }}
        onClick={(e) => {
          // A series chosen (or a prior opened) is what the reader wants to see: give the image the screen.
          if ((e.target as Element).closest('[data-testid="series-card"] button, .prior-item a')) close();
        }}
      >
        {children}
      </div>
    </>
  );
}
