import { basicAuthorization, readArchiveCredentials, type ArchiveCredentials, type ArchiveUser } from './credentials.ts';

/** How the project's scripts and tests reach the embedded archive, with its credentials. */
export interface ArchiveClient {
  /** e.g. `http://127.0.0.1:8042` (no trailing slash). */
  httpUrl: string;
  /** `${httpUrl}/dicom-web` */
  dicomWebRoot: string;
  credentials: ArchiveCredentials;
  /** Authorization header value of the `gateway` user (for a gateway's upstream configuration). */
  gatewayAuthorization: string;
  /** Authorization header value of the `admin` user. */
  adminAuthorization: string;
  /** `fetch` as the admin user: a path of the archive (`/system`, `/dicom-web/studies`) or a URL on it. */
  adminFetch(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  /** `fetch` as the gateway user, same arguments. */
  gatewayFetch(pathOrUrl: string, init?: RequestInit): Promise<Response>;
}

/** Resolves a path or URL against the archive; a URL elsewhere is refused so credentials never leave it. */
export function archiveUrl(httpUrl: string, pathOrUrl: string): string {
  if (pathOrUrl.startsWith('/')) return `${httpUrl}${pathOrUrl}`;
  const origin = new URL(httpUrl).origin;
  if (new URL(pathOrUrl).origin !== origin) throw new Error(`${pathOrUrl} is not on the archive (${origin}): its credentials are not sent there`);
  return pathOrUrl;
}

function fetchAs(httpUrl: string, user: ArchiveUser) {
  const authorization = basicAuthorization(user);
  return (pathOrUrl: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', authorization);
    return fetch(archiveUrl(httpUrl, pathOrUrl), { ...init, headers });
  };
}

export function archiveClientOf(httpUrl: string, credentials: ArchiveCredentials): ArchiveClient {
  const base = httpUrl.replace(/\/+$/, '');
  return {
    httpUrl: base,
    dicomWebRoot: `${base}/dicom-web`,
    credentials,
    gatewayAuthorization: basicAuthorization(credentials.gateway),
    adminAuthorization: basicAuthorization(credentials.admin),
    adminFetch: fetchAs(base, credentials.admin),
    gatewayFetch: fetchAs(base, credentials.gateway),
  };
}

/** The client of an archive started by another process, from its address and data folder. */
export function archiveClient(httpUrl: string, dataDir: string): ArchiveClient {
  return archiveClientOf(httpUrl, readArchiveCredentials(dataDir));
}
