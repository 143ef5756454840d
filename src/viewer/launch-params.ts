const UID = /^[0-9.]{1,64}$/;

function uidList(params: URLSearchParams, name: string): string[] {
  const uids = params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => UID.test(v));
  return [...new Set(uids)];
}

/**
 * OHIF-compatible launch: `/viewer?StudyInstanceUIDs=a,b` or repeated
 * `StudyInstanceUIDs=a&StudyInstanceUIDs=b`. Returns the UIDs in order, deduplicated.
 */
export function parseStudyInstanceUIDs(params: URLSearchParams): string[] {
  return uidList(params, 'StudyInstanceUIDs');
}

/** Optional `SeriesInstanceUIDs` (same forms): the series to hang first, in order. */
export function parseSeriesInstanceUIDs(params: URLSearchParams): string[] {
  return uidList(params, 'SeriesInstanceUIDs');
}

export type HangingProtocol = 'compare' | 'single';

/** `hangingProtocol=compare|single`; undefined when absent or unknown (compare whenever a prior exists). */
export function parseHangingProtocol(params: URLSearchParams): HangingProtocol | undefined {
  const value = params.get('hangingProtocol')?.trim().toLowerCase();
  return value === 'compare' || value === 'single' ? value : undefined;
}
