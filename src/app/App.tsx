import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router';
import { createQueryClient } from './query-client.ts';
import { RuntimeConfigProvider } from './RuntimeConfigProvider.tsx';
import { inlineConfigOrNothing, startLaunchOfPage } from './viewer-launch.ts';
import { AppShell } from './AppShell.tsx';
import { WorklistPage } from '../worklist/WorklistPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { SessionsPage } from '../admin/SessionsPage.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';

// The viewer carries Cornerstone (megabytes); the worklist must not wait for it.
const ViewerPage = lazy(() => import('../viewer/ViewerPage.tsx').then((m) => ({ default: m.ViewerPage })));
const AuditPage = lazy(() => import('../admin/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

// A data router: the viewer's unsaved-annotations guard needs useBlocker.
const routes = createRoutesFromElements(
  <Route element={<AppShell />}>
    <Route index element={<WorklistPage />} />
    <Route
      path="viewer"
      element={
        <Suspense fallback={<LoadingState label="Loading the viewer…" />}>
          <ViewerPage />
        </Suspense>
      }
    />
    <Route
      path="admin/audit"
      element={
        <Suspense fallback={<LoadingState label="Loading the audit trail…" />}>
          <AuditPage />
        </Suspense>
      }
    />
    <Route path="admin/sessions" element={<SessionsPage />} />
    <Route path="*" element={<NotFoundPage />} />
  </Route>,
);

export function App() {
  const [inline] = useState(() => {
    const config = inlineConfigOrNothing();
    // Already started by the page's launch script (src/app/launch.ts) when the gateway added it.
    startLaunchOfPage(config);
    return config;
  });
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <QueryClientProvider client={queryClient}>
      <RuntimeConfigProvider inline={inline}>
        <RouterProvider router={router} />
      </RuntimeConfigProvider>
    </QueryClientProvider>
  );
}
