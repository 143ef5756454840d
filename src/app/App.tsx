import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router';
import { createQueryClient } from './query-client.ts';
import { RuntimeConfigProvider } from './RuntimeConfigProvider.tsx';
import { AppShell } from './AppShell.tsx';
import { WorklistPage } from '../worklist/WorklistPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';

// The viewer carries Cornerstone (megabytes); the worklist must not wait for it.
const ViewerPage = lazy(() => import('../viewer/ViewerPage.tsx').then((m) => ({ default: m.ViewerPage })));

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
    <Route path="*" element={<NotFoundPage />} />
  </Route>,
);

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <QueryClientProvider client={queryClient}>
      <RuntimeConfigProvider>
        <RouterProvider router={router} />
      </RuntimeConfigProvider>
    </QueryClientProvider>
  );
}
