// Replaced by server/reading at merge
import type { ReadingSeam } from './report-routes.ts';

/** Stand-in for the reading status (server/reading) until the branches are merged: no claims, no status. */
export const readingSeamStandIn: ReadingSeam = {
  markReportSigned: async () => undefined,
  holdsClaim: async () => true,
};
