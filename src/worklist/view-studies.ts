import type { DataSource } from '../dicomweb/runtime-config.ts';
import { fetchWorklistPage, gatewayReadings, SORT_CAP } from './fetch-worklist-page.ts';
import type { WindowHints } from './window-hints.ts';
import { isNewestFirst, nextPage, parseWorklistState, type WorklistState } from './worklist-state.ts';

/** Newest first: the most pages (of 200) walked for the next study. */
const MAX_NEWEST_FIRST_PAGES = 5;
const NEWEST_FIRST_PAGE = 200;
// Candidates are fetched in pages of their own size: those pages' hints must not replace the reader's.
const NO_HINTS: WindowHints = { read: async () => undefined, write: () => undefined };

/**
 * The Study Instance UIDs of a worklist view (its URL query), in the view's order, for "Next": every
 * matching study for the sorted orders (at most SORT_CAP; none when more match, as the list itself
 * refuses), the first MAX_NEWEST_FIRST_PAGES × 200 newest first. The gateway then claims the first
 * unread one (server/reading).
 */
export async function worklistViewStudies(source: DataSource, dataSource: string | undefined, search: string, signal?: AbortSignal): Promise<string[]> {
  const parsed = parseWorklistState(new URLSearchParams(search));
  const readingsOf = gatewayReadings(dataSource);
  const now = new Date();
  if (!isNewestFirst(parsed)) {
    const page = await fetchWorklistPage(source, { ...parsed, page: 1, pageSize: SORT_CAP }, now, signal, NO_HINTS, readingsOf);
    return page.rows.map((row) => row.studyInstanceUID);
  }
  const uids: string[] = [];
  let state: WorklistState = { ...parsed, pageSize: NEWEST_FIRST_PAGE, trail: [], page: 1 };
  for (let i = 0; i < MAX_NEWEST_FIRST_PAGES; i++) {
    const page = await fetchWorklistPage(source, state, now, signal, NO_HINTS, readingsOf);
    uids.push(...page.rows.map((row) => row.studyInstanceUID));
    if (!page.hasNext || !page.nextCursor) break;
    state = nextPage(state, page.nextCursor);
  }
  return uids;
}
