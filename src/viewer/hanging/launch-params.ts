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

/** `priors=N`: how many relevant priors to hang beside the current study (1–3, default 1). */
export function parsePriorCount(params: URLSearchParams): number {
  const n = Number(params.get('priors'));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 3) : 1;
}

/** `hangingProtocol=compare|single`; undefined when absent or unknown (compare whenever a prior exists). */
export function parseHangingProtocol(params: URLSearchParams): HangingProtocol | undefined {
  const value = params.get('hangingProtocol')?.trim().toLowerCase();
  return value === 'compare' || value === 'single' ? value : undefined;
}

/** `mpr=1` (or `true`, `on`): the first viewport opens its series as MPR, where the series allows it. */
export function parseMprLaunch(params: URLSearchParams): boolean {
  const value = params.get('mpr')?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'on';
}
