import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../auth/roles.ts';
import type { RuntimeConfig } from '../dicomweb/runtime-config.ts';
import { startLaunchOfPage } from './viewer-launch.ts';

const source = {
  sourceName: 'orthanc',
  friendlyName: 'Local',
  qidoRoot: '/dicom-web',
  wadoRoot: '/dicom-web',
  stowRoot: '/dicom-web',
  quirks: { queryValueEncoding: 'literal' as const },
};
const page = (roles: Role[]): RuntimeConfig => ({
  defaultDataSourceName: 'orthanc',
  dataSources: [source],
  session: { username: 'u', displayName: 'U', personName: 'U', roles },
});
const viewer = { pathname: '/viewer', search: '?StudyInstanceUIDs=1.2.3' };

/** Decode workers the launch starts (src/viewer/loading/decode-workers.ts). */
let workers = 0;
beforeEach(() => {
  workers = 0;
  vi.stubGlobal(
    'Worker',
    class {
      constructor() {
        workers++;
      }
      postMessage() {}
    },
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('startLaunchOfPage', () => {
  it('asks the archive nothing for a page whose user may not read images, or with nobody signed in', () => {
    const fetchStub = vi.fn(async (_url: string) => new Response('[]', { status: 200 }));
    vi.stubGlobal('fetch', fetchStub);
    startLaunchOfPage(page(['admin']), viewer);
    startLaunchOfPage(page([]), viewer);
    startLaunchOfPage({ defaultDataSourceName: 'orthanc', dataSources: [source] }, viewer);
    expect(fetchStub).not.toHaveBeenCalled();
    expect(workers).toBe(0);
  });

  it('starts the launch lookups for a reader on a viewer URL, not on other pages', () => {
    const fetchStub = vi.fn(async (_url: string) => new Response('[]', { status: 200 }));
    vi.stubGlobal('fetch', fetchStub);
    startLaunchOfPage(page(['qa']), { pathname: '/', search: '' });
    expect(fetchStub).not.toHaveBeenCalled();
    expect(workers).toBe(0);
    startLaunchOfPage(page(['qa']), viewer);
    expect(fetchStub.mock.calls.map(([url]) => String(url).split('?')[0])).toEqual(['/dicom-web/studies', '/dicom-web/studies/1.2.3/series']);
    // The decode worker starts with the launch, so its script comes in before the frames.
    expect(workers).toBe(1);
  });
});
