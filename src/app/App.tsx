import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router';
import { createQueryClient } from './query-client.ts';
import { RuntimeConfigProvider } from './RuntimeConfigProvider.tsx';
import { findDataSource, readInlineRuntimeConfig, type RuntimeConfig } from './runtime-config.ts';
import { prefetchViewerLaunch } from '../viewer/launch-queries.ts';
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

/** The configuration inlined by the gateway; an invalid one is left for the provider to load and report. */
function inlineConfig(): RuntimeConfig | undefined {
  try {
    return readInlineRuntimeConfig();
  } catch {
    return undefined;
  }
}

/** A viewer launch's first queries start now, while the viewer's code is still on its way. */
function startViewerLaunch(queryClient: QueryClient, config: RuntimeConfig | undefined): void {
  if (!config || !/^\/viewer\/?$/.test(window.location.pathname)) return;
  const params = new URLSearchParams(window.location.search);
  prefetchViewerLaunch(queryClient, findDataSource(config, params.get('dataSource')), params);
}

export function App() {
  const [inline] = useState(inlineConfig);
  const [queryClient] = useState(() => {
    const client = createQueryClient();
    startViewerLaunch(client, inline);
    return client;
  });
  const [router] = useState(() => createBrowserRouter(routes));
  return (
    <QueryClientProvider client={queryClient}>
      <RuntimeConfigProvider inline={inline}>
        <RouterProvider router={router} />
      </RuntimeConfigProvider>
    </QueryClientProvider>
  );
}
