import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../lib/paths.ts';

/**
 * OHIF's prebuilt viewer, the peer in the imaging benchmark: the npm package @ohif/app ships `dist/`.
 * `npm install @ohif/app@3.13.2` cannot resolve on this registry (its dependency @ohif/i18n@3.13.2 was
 * never published), and only the prebuilt files are needed, so the package tarball is fetched with
 * `npm pack`, checked against the registry's integrity hash pinned here, and unpacked under .cache/.
 */
export const OHIF_VERSION = '3.13.2';
const OHIF_INTEGRITY = 'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==';

/** The folder holding OHIF's index.html, fetched on first use. */
export function ensureOhifDist(log: (message: string) => void): string {
  const root = path.join(CACHE_DIR, 'ohif', OHIF_VERSION);
  const dist = path.join(root, 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  log(`Fetching OHIF ${OHIF_VERSION} (npm pack @ohif/app@${OHIF_VERSION}, ~50 MB)…`);
  mkdirSync(path.dirname(root), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(root), 'fetch-'));
  try {
    execFileSync('npm', ['pack', `@ohif/app@${OHIF_VERSION}`, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack @ohif/app@${OHIF_VERSION} produced no tarball`);
    const digest = `sha512-${createHash('sha512')
      .update(readFileSync(path.join(work, tarball)))
      .digest('base64')}`;
    if (digest !== OHIF_INTEGRITY) throw new Error(`@ohif/app@${OHIF_VERSION}: integrity ${digest} does not match the pinned ${OHIF_INTEGRITY}`);
    execFileSync('tar', ['xzf', path.join(work, tarball), '-C', work]);
    rmSync(root, { recursive: true, force: true });
    renameSync(path.join(work, 'package'), root);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dist;
}

/**
 * OHIF's app-config.js for the benchmark: its own Orthanc settings (OHIF's config/local_orthanc.js)
 * pointed at the gateway's /dicom-web on the page's origin, study prefetcher off, the packaged
 * default configuration otherwise.
 */
export function ohifAppConfig(): string {
  return `window.config = {
  routerBasename: '/',
  extensions: [],
  modes: [],
  customizationService: {},
  showStudyList: true,
  maxNumberOfWebWorkers: 3,
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: true,
  showLoadingIndicator: true,
  experimentalStudyBrowserSort: false,
  strictZSpacingForVolumeViewport: true,
  groupEnabledModesFirst: true,
  maxNumRequests: { interaction: 100, thumbnail: 5, prefetch: 25 },
  studyPrefetcher: { enabled: false, displayProgress: false, maxNumPrefetchRequests: 10, order: 'closest' },
  showErrorDetails: 'always',
  defaultDataSourceName: 'dicomweb',
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'dicomweb',
      configuration: {
        friendlyName: 'Readroom gateway (Orthanc)',
        name: 'orthanc',
        wadoUriRoot: window.location.origin + '/dicom-web',
        qidoRoot: window.location.origin + '/dicom-web',
        wadoRoot: window.location.origin + '/dicom-web',
        qidoSupportsIncludeField: true,
        imageRendering: 'wadors',
        thumbnailRendering: 'wadors',
        enableStudyLazyLoad: true,
        supportsFuzzyMatching: false,
        supportsWildcard: true,
        omitQuotationForMultipartRequest: true,
        bulkDataURI: { enabled: true },
      },
    },
  ],
};
`;
}
