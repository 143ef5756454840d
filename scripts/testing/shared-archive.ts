import { afterAll, beforeAll, inject, vi } from 'vitest';
import { archiveClient, type ArchiveClient } from '../archive/archive-client.ts';

/** The integration tests' shared archive (archive-global-setup.ts), with its credentials. */
export function sharedArchive(): ArchiveClient {
  return archiveClient(inject('orthancUrl'), inject('archiveDataDir'));
}

/**
 * For the file's tests, the global fetch sends the archive's `gateway` credentials with each request to the
 * archive that has none, as the gateway does for the browser: the app's DICOMweb functions (src/dicomweb)
 * call the global fetch and are tested here straight against the archive.
 */
export function fetchArchiveAsGateway(archive: ArchiveClient): void {
  const archiveOrigin = new URL(archive.httpUrl).origin;
  beforeAll(() => {
    const direct = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string | URL | Request, init: RequestInit = {}) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const headers = new Headers(init.headers);
      if (new URL(url).origin !== archiveOrigin || headers.has('authorization')) return direct(input, init);
      headers.set('authorization', archive.gatewayAuthorization);
      return direct(input, { ...init, headers });
    });
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
}
