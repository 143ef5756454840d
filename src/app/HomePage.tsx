import { WorklistPage } from '../worklist/WorklistPage.tsx';
import { AccountHome } from './AccountHome.tsx';
import { usePermission } from '../page-context/useSession.ts';

/** `/`: the worklist for those who read images, the account's own start page for everyone else. */
export function HomePage() {
  return usePermission('images:read') ? <WorklistPage /> : <AccountHome />;
}
