/**
 * The way back from the viewer to the worklist as the reader left it: the worklist keeps its filters, sort
 * and page in its URL query; the last one is remembered for this tab (sessionStorage) so a link from the
 * viewer can return to it. Only a query on the site's root is ever built, never another origin or path.
 */

const KEY = 'readroom.worklist-search';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function tabStorage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // storage disabled
  }
}

/** `/` with the given query (re-encoded, so nothing but a query on `/` can come out). */
export function worklistPath(search: string): string {
  const query = new URLSearchParams(search).toString();
  return query ? `/?${query}` : '/';
}

export function rememberWorklistSearch(search: string, storage: Storage | undefined = tabStorage()): void {
  try {
    storage?.setItem(KEY, new URLSearchParams(search).toString());
  } catch {
    /* quota or storage disabled: the link then goes to the plain worklist */
  }
}

export function rememberedWorklistPath(storage: Storage | undefined = tabStorage()): string {
  try {
    return worklistPath(storage?.getItem(KEY) ?? '');
  } catch {
    return '/';
  }
}

/** The last worklist query of this tab ('' when none): the view "Next" in the viewer continues. */
export function rememberedWorklistSearch(storage: Storage | undefined = tabStorage()): string {
  try {
    return new URLSearchParams(storage?.getItem(KEY) ?? '').toString();
  } catch {
    return '';
  }
}
