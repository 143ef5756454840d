import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router';
import { createQueryClient } from './query-client.ts';
import { RuntimeConfigProvider } from '../page-context/RuntimeConfigProvider.tsx';
import { inlineConfigOrNothing, startLaunchOfPage } from './viewer-launch.ts';
import { AppShell } from './AppShell.tsx';
import { HomePage } from './HomePage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { SessionsPage } from '../admin/SessionsPage.tsx';
import { RequirePermission } from './RequirePermission.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';
import { SessionEndedGuard } from './SessionEndedGuard.tsx';
import { SignInRoute } from './SignInRoute.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';

// The viewer carries Cornerstone (megabytes); the worklist must not wait for it.
const ViewerPage = lazy(() => import('../viewer/ViewerPage.tsx').then((m) => ({ default: m.ViewerPage })));
const AuditPage = lazy(() => import('../admin/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

// A data router: the viewer's unsaved-annotations guard needs useBlocker.
const routes = createRoutesFromElements(
  <>
    <Route path="sign-in" element={<SignInRoute />} />
    <Route
      element={
        <RequireSignIn>
          <AppShell />
        </RequireSignIn>
      }
    >
      <Route index element={<HomePage />} />
      <Route
        path="viewer"
        element={
          <RequirePermission permission="images:read">
            <Suspense fallback={<LoadingState label="Loading the viewer…" />}>
              <ViewerPage />
            </Suspense>
          </RequirePermission>
        }
      />
      <Route
        path="admin/audit"
        element={
          <RequirePermission permission="audit:read">
            <Suspense fallback={<LoadingState label="Loading the audit trail…" />}>
              <AuditPage />
            </Suspense>
          </RequirePermission>
        }
      />
      <Route
        path="admin/sessions"
        element={
          <RequirePermission permission="users:manage">
            <SessionsPage />
          </RequirePermission>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </>,
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
        <SessionEndedGuard />
      </RuntimeConfigProvider>
    </QueryClientProvider>
  );
}
