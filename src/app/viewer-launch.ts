import { hasPermission } from '../auth/roles.ts';
import { startViewerLaunch } from '../viewer/hanging/launch-queries.ts';
import { findDataSource, type RuntimeConfig } from '../dicomweb/runtime-config.ts';
import { readInlineRuntimeConfig } from '../page-context/load-runtime-config.ts';

const VIEWER_PATH = /^\/viewer\/?$/;

/**
 * On a viewer URL, starts the launch's lookups with the page's inline configuration (once per page), for a
 * signed-in user who may read images or a share link's recipient (anyone else is shown why not, and nothing is asked of the archive).
 */
export function startLaunchOfPage(config: RuntimeConfig | undefined, location: Pick<Location, 'pathname' | 'search'> = window.location): void {
  // A share link's recipient reads images too (the gateway lets through only the shared studies).
  const reads = config?.share !== undefined || (config?.session !== undefined && hasPermission(config.session.roles, 'images:read'));
  if (!config || !reads || !VIEWER_PATH.test(location.pathname)) return;
  const params = new URLSearchParams(location.search);
  startViewerLaunch(findDataSource(config, params.get('dataSource')), params);
}

/** The configuration inlined by the gateway; an invalid one is left for the app to load and report. */
export function inlineConfigOrNothing(): RuntimeConfig | undefined {
  try {
    return readInlineRuntimeConfig();
  } catch {
    return undefined;
  }
}
