import { Link, Outlet } from 'react-router';
import { AccountMenu } from './AccountMenu.tsx';
import { AppNav } from './AppNav.tsx';
import { ArchiveStatusBanner } from './ArchiveStatusBanner.tsx';
import { DataSourceSelector } from './DataSourceSelector.tsx';
import { useDataSource } from '../page-context/useDataSource.ts';
import { usePermission } from '../page-context/useSession.ts';

export function AppShell() {
  const source = useDataSource();
  // Data sources and the archive's health matter only to those who read images.
  const reads = usePermission('images:read');
  return (
    <div className="app-shell">
      <header className="app-header">
        <Link to="/" className="brand">
          Readroom
        </Link>
        <AppNav />
        {reads && <DataSourceSelector />}
        <AccountMenu />
      </header>
      {reads && <ArchiveStatusBanner sourceName={source.sourceName} />}
      <main className="app-main">
        <Outlet />
      </main>
    </div>
  );
}
