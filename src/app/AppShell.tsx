import { Link, Outlet } from 'react-router';
import { AuditLink } from '../admin/AuditLink.tsx';
import { ArchiveStatusBanner } from './ArchiveStatusBanner.tsx';
import { DataSourceSelector } from './DataSourceSelector.tsx';
import { useDataSource } from './useDataSource.ts';
import { useRuntimeConfig } from './RuntimeConfigProvider.tsx';

export function AppShell() {
  const source = useDataSource();
  const { session } = useRuntimeConfig();
  return (
    <div className="app-shell">
      <header className="app-header">
        <Link to="/" className="brand">
          Readroom
        </Link>
        <DataSourceSelector />
        <AuditLink roles={session?.roles ?? []} />
      </header>
      <ArchiveStatusBanner sourceName={source.sourceName} />
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
