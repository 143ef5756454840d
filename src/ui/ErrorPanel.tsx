import type { ReactNode } from 'react';

interface ErrorPanelProps {
  title: string;
  message: string;
  onRetry?: () => void;
  retrying?: boolean;
  /** A way on from here (e.g. a link back). */
  children?: ReactNode;
}

/** A failure the reader can see and act on; DICOM-derived text is rendered as text only. */
export function ErrorPanel({ title, message, onRetry, retrying = false, children }: ErrorPanelProps) {
  return (
    <div role="alert" className="error-panel">
      <h2>{title}</h2>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
      {children}
    </div>
  );
}
