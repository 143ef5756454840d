import { useArchiveHealth } from './useArchiveHealth.ts';

/** A persistent, announced banner while the archive (or the gateway) is unreachable. */
export function ArchiveStatusBanner({ sourceName }: { sourceName: string }) {
  const health = useArchiveHealth(sourceName);
  if (!health || health.ok) return null;
  return (
    <div role="alert" className="archive-banner" data-testid="archive-status">
      <strong>Archive unavailable.</strong> {health.message} Readroom keeps trying and will recover on its own.
    </div>
  );
}
