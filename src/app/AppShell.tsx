import { Link, Outlet } from 'react-router';
import { ArchiveStatusBanner } from './ArchiveStatusBanner.tsx';
import { DataSourceSelector } from './DataSourceSelector.tsx';
import { useDataSource } from './useDataSource.ts';

export function AppShell() {
  const source = useDataSource();
  return (
    <div className="app-shell">
      <header className="app-header">
        <Link to="/" className="brand">
          Readroom
        </Link>
        <DataSourceSelector />
      </header>
      <ArchiveStatusBanner sourceName={source.sourceName} />
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
