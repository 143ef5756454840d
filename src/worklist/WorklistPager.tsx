interface WorklistPagerProps {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}

/** Previous/next only: QIDO-RS reports no total, so there is no "page N of M". */
export function WorklistPager({ page, hasPrevious, hasNext, onPrevious, onNext }: WorklistPagerProps) {
  return (
    <nav className="worklist-pager" aria-label="Pages">
      <button type="button" onClick={onPrevious} disabled={!hasPrevious}>
        Previous page
      </button>
      <span aria-live="polite">Page {page}</span>
      <button type="button" onClick={onNext} disabled={!hasNext}>
        Next page
      </button>
    </nav>
  );
}
