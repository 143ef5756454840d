interface ErrorPanelProps {
  title: string;
  message: string;
  onRetry?: () => void;
  retrying?: boolean;
}

/** A failure the reader can see and act on; DICOM-derived text is rendered as text only. */
export function ErrorPanel({ title, message, onRetry, retrying = false }: ErrorPanelProps) {
  return (
    <div role="alert" className="error-panel">
      <h2>{title}</h2>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Retry'}
        </button>
      )}
    </div>
  );
}
