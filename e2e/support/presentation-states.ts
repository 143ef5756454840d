import type { APIRequestContext, Page } from '@playwright/test';
import { stackArchive } from './archive.ts';
import { expect } from './fixtures.ts';
import type { E2eStack } from './stack-state.ts';

/**
 * Presentation states the viewer saves (PR series in the shared archive), and the drafts it keeps in the
 * browser. Specs that save delete what they stored at the end (deleteSeries).
 */

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

/** Series Instance UIDs of a study's PR series, asked through the gateway with the request's session. */
export async function prSeries(request: APIRequestContext, studyInstanceUID: string): Promise<string[]> {
  const res = await request.get(`/dicom-web/studies/${studyInstanceUID}/series?Modality=PR`, { headers: { Accept: 'application/dicom+json' } });
  expect(res.ok()).toBe(true);
  const text = await res.text();
  return ((text.trim() ? JSON.parse(text) : []) as DicomJson[]).map((r) => String(r['0020000E']?.Value?.[0]));
}

/** Deletes series from the stack's archive (its REST API, as its admin user). */
export async function deleteSeries(stack: E2eStack, seriesInstanceUIDs: readonly string[]): Promise<void> {
  const archive = stackArchive(stack);
  for (const uid of seriesInstanceUIDs) {
    const lookup = await archive.adminFetch('/tools/lookup', { method: 'POST', body: uid });
    if (!lookup.ok) throw new Error(`The archive's lookup of series ${uid} answered HTTP ${lookup.status}`);
    const [match] = (await lookup.json()) as Array<{ ID: string }>;
    if (match) await archive.adminFetch(`/series/${match.ID}`, { method: 'DELETE' });
  }
}

/** Orthanc ids of a study's PR series, asked of the stack's archive directly (no session needed). */
export async function archivePrSeries(stack: E2eStack, studyInstanceUID: string): Promise<string[]> {
  const archive = stackArchive(stack);
  const lookup = await archive.adminFetch('/tools/lookup', { method: 'POST', body: studyInstanceUID });
  if (!lookup.ok) throw new Error(`The archive's lookup of study ${studyInstanceUID} answered HTTP ${lookup.status}`);
  const study = ((await lookup.json()) as Array<{ ID: string; Type: string }>).find((r) => r.Type === 'Study');
  if (!study) return [];
  const res = await archive.adminFetch(`/studies/${study.ID}/series`);
  if (!res.ok) throw new Error(`The archive's series of study ${study.ID} answered HTTP ${res.status}`);
  const series = (await res.json()) as Array<{ ID: string; MainDicomTags: { Modality?: string } }>;
  return series.filter((s) => s.MainDicomTags.Modality === 'PR').map((s) => s.ID);
}

/**
 * Deletes every PR series of a study that was not there before (`before`: archivePrSeries at the start),
 * so a spec that failed half-way through a save still leaves the shared archive as it found it.
 */
export async function deletePrSeriesAddedSince(stack: E2eStack, studyInstanceUID: string, before: readonly string[]): Promise<void> {
  const archive = stackArchive(stack);
  for (const id of await archivePrSeries(stack, studyInstanceUID)) {
    if (!before.includes(id)) await archive.adminFetch(`/series/${id}`, { method: 'DELETE' });
  }
}

export interface StoredDraft {
  owner: string;
  studyInstanceUID: string;
  annotations: Array<{ toolName: string; imageId: string; points: number[][]; text: string; label?: string }>;
}

/** The drafts this browser keeps (IndexedDB), read the way any page script could. */
export function storedDrafts(page: Page): Promise<StoredDraft[]> {
  return page.evaluate(
    () =>
      new Promise<StoredDraft[]>((resolve, reject) => {
        const open = indexedDB.open('readroom-drafts');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('annotation-drafts')) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction('annotation-drafts', 'readonly').objectStore('annotation-drafts').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result as StoredDraft[]);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}
