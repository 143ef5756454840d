/**
 * OHIF-compatible launch: `/viewer?StudyInstanceUIDs=a,b` or repeated
 * `StudyInstanceUIDs=a&StudyInstanceUIDs=b`. Returns the UIDs in order, deduplicated.
 */
export function parseStudyInstanceUIDs(params: URLSearchParams): string[] {
  const uids = params
    .getAll('StudyInstanceUIDs')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => /^[0-9.]{1,64}$/.test(v));
  return [...new Set(uids)];
}
