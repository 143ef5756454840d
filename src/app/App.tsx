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
import { DeliveriesPage } from '../admin/DeliveriesPage.tsx';
import { RequirePermission } from './RequirePermission.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';
import { SessionEndedGuard } from './SessionEndedGuard.tsx';
import { SignInRoute } from './SignInRoute.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { ShareLandingPage } from './ShareLandingPage.tsx';
import { ShareOnlyPage, ShareShell } from './ShareShell.tsx';
import { sharedViewerPath, type ShareSession } from '../shares/share-contract.ts';
import { WorklistViewContext } from '../page-context/next-study.ts';
import { worklistViewStudies } from '../worklist/view-studies.ts';

// The viewer carries Cornerstone (megabytes); the worklist must not wait for it.
const ViewerPage = lazy(() => import('../viewer/ViewerPage.tsx').then((m) => ({ default: m.ViewerPage })));
const PeerReviewPage = lazy(() => import('../qa/PeerReviewPage.tsx').then((m) => ({ default: m.PeerReviewPage })));
const AuditPage = lazy(() => import('../admin/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));

// A data router: the viewer's unsaved-annotations guard needs useBlocker.
const routes = createRoutesFromElements(
  <>
    <Route path="sign-in" element={<SignInRoute />} />
    <Route path="s/:token" element={<ShareLandingPage />} />
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
              <WorklistViewContext value={worklistViewStudies}>
                <ViewerPage />
              </WorklistViewContext>
            </Suspense>
          </RequirePermission>
        }
      />
      <Route
        path="peer-review"
        element={
          <Suspense fallback={<LoadingState label="Loading peer review…" />}>
            <PeerReviewPage />
          </Suspense>
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
      <Route
        path="admin/deliveries"
        element={
          <RequirePermission permission="deliveries:manage">
            <DeliveriesPage />
          </RequirePermission>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </>,
);

/** The routes of a share link's recipient: the viewer of the shared studies and nothing else. */
function shareRoutes(share: ShareSession, defaultDataSource: string) {
  const viewerPath = sharedViewerPath(share, defaultDataSource);
  return createRoutesFromElements(
    <>
      <Route path="s/:token" element={<ShareLandingPage />} />
      <Route element={<ShareShell share={share} />}>
        <Route
          path="viewer"
          element={
            <Suspense fallback={<LoadingState label="Loading the viewer…" />}>
              <ViewerPage />
            </Suspense>
          }
        />
        <Route path="*" element={<ShareOnlyPage viewerPath={viewerPath} />} />
      </Route>
    </>,
  );
}

export function App() {
  const [inline] = useState(() => {
    const config = inlineConfigOrNothing();
    // Already started by the page's launch script (src/app/launch.ts) when the gateway added it.
    startLaunchOfPage(config);
    return config;
  });
  const [queryClient] = useState(createQueryClient);
  // The page of a share session (the gateway says so in its inline configuration) is another app: no account, one study.
  const [router] = useState(() => createBrowserRouter(inline?.share ? shareRoutes(inline.share, inline.defaultDataSourceName) : routes));
  return (
    <QueryClientProvider client={queryClient}>
      <RuntimeConfigProvider inline={inline}>
        <RouterProvider router={router} />
        <SessionEndedGuard />
      </RuntimeConfigProvider>
    </QueryClientProvider>
  );
}
