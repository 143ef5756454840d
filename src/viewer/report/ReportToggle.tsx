import { useState } from 'react';
import { usePermission } from '../../page-context/useSession.ts';
import { REPORT_PANEL_ID } from './ReportPanel.tsx';

const KEY = 'readroom.reportPanelOpen';

/**
 * Whether the report panel is shown (wide screens), remembered in this browser; never for a reader who may
 * not read reports (a share link's recipient).
 */
export function useReportPanelOpen(): [boolean, () => void, boolean] {
  const allowed = usePermission('images:read');
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem(KEY) === '1';
    } catch {
      return false;
    }
  });
  const toggle = () =>
    setOpen((was) => {
      try {
        localStorage.setItem(KEY, was ? '0' : '1');
      } catch {
        // Not remembered: the panel still opens.
      }
      return !was;
    });
  return [open && allowed, toggle, allowed];
}

export function ReportToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="panel-toggle"
      aria-expanded={open}
      aria-controls={REPORT_PANEL_ID}
      title={open ? 'Hide the report' : 'Show the report'}
      onClick={onToggle}
    >
      Report
    </button>
  );
}
