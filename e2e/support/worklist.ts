import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startOrthanc, type OrthancHandle } from '../../scripts/archive/orthanc.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { seedScaleSet } from '../../scripts/samples/scale/scale-set.ts';
import { startGatewayWithAccounts, type ExtraGateway } from './accounts.ts';
import type { E2eStack } from './stack-state.ts';
import { compareNewestFirst } from '../../src/worklist/date-window-paging.ts';
import type { ManifestStudy } from './samples.ts';

/** Study Instance UIDs of the worklist's rows, in display order. */
export async function shownStudyUids(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Studies' }).locator('tbody tr[data-study-uid]');
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-study-uid') ?? ''));
}

/** The manifest's studies in the worklist's global order (newest first, ties by time and UID). */
export function newestFirst(studies: readonly ManifestStudy[]): ManifestStudy[] {
  return [...studies].sort(compareNewestFirst);
}

export const uids = (studies: readonly ManifestStudy[]) => studies.map((s) => s.studyInstanceUID);

export function modalitiesOf(study: ManifestStudy): string[] {
  return [...new Set(study.series.map((s) => s.modality).filter(Boolean))];
}

/** The worklist's study rows (the table's body rows that are studies). */
export function studyRows(page: Page) {
  return page.getByRole('table', { name: 'Studies' }).locator('tbody tr[data-study-uid]');
}

/** How many study rows lie wholly inside the viewport, as the reader sees them without scrolling. */
export async function studyRowsInViewport(page: Page): Promise<number> {
  return studyRows(page).evaluateAll(
    (rows) =>
      rows.filter((row) => {
        const r = row.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      }).length,
  );
}

export interface DenseArchive {
  /** A gateway in front of an archive of its own holding only the tiny studies. */
  url: string;
  studies: number;
  stop(): Promise<void>;
}

/**
 * An archive of its own with `studies` tiny single-image studies (the benchmark's scale set, a few
 * dozen of them), behind a gateway of its own, so a spec can fill a screen without changing the
 * shared archive that other specs count.
 */
export async function startDenseArchive(stack: E2eStack, studies: number): Promise<DenseArchive> {
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-e2e-dense-'));
  let archive: OrthancHandle | undefined;
  let gateway: ExtraGateway | undefined;
  try {
    archive = await startOrthanc({ dataDir: path.join(dir, 'archive'), httpPort: await freePort(), dicomPort: await freePort() });
    await seedScaleSet(archive, { studies, patients: Math.ceil(studies / 2) }, () => {});
    gateway = await startGatewayWithAccounts(stack, {
      config: {
        sources: [
          {
            id: 'main',
            label: 'Dense archive',
            upstream: { root: archive.dicomWebRoot, ...archive.credentials.gateway },
            quirks: { queryValueEncoding: 'literal' },
          },
        ],
      },
    });
  } catch (err) {
    await archive?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const started = { archive, gateway };
  return {
    url: gateway.url,
    studies,
    stop: async () => {
      await started.gateway.stop();
      await started.archive.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
