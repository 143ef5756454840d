import { LAYOUTS, layoutGrid, layoutLabel, type LayoutId } from '../../imaging/layout.ts';
import { useViewerStore } from '../viewer-store.ts';

function LayoutIcon({ layout }: { layout: LayoutId }) {
  const { rows, columns } = layoutGrid(layout);
  return (
    <span className="layout-icon" aria-hidden="true" style={{ gridTemplateRows: `repeat(${rows}, 1fr)`, gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
      {Array.from({ length: rows * columns }, (_, i) => (
        <span key={i} />
      ))}
    </span>
  );
}

/** Layout buttons: 1×1, 1×2 (side by side), 2×1 (stacked), 2×2. */
export function LayoutControl() {
  const layout = useViewerStore((s) => s.layout);
  return (
    <div role="group" aria-label="Layout" className="layout-control">
      {LAYOUTS.map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={layout === l}
          aria-label={`Layout ${layoutLabel(l)}`}
          title={`Layout ${layoutLabel(l)}`}
          onClick={() => useViewerStore.getState().setLayout(l)}
        >
          <LayoutIcon layout={l} />
          <span className="layout-label">{layoutLabel(l)}</span>
        </button>
      ))}
    </div>
  );
}
