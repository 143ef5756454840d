import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startOrthanc, type OrthancHandle } from '../archive/orthanc.ts';
import { freePort } from '../lib/ports.ts';
import { seedArchive } from '../samples/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    orthancUrl: string;
    dicomWebRoot: string;
    /** Holds the archive's credentials: `archiveClient(inject('orthancUrl'), inject('archiveDataDir'))`. */
    archiveDataDir: string;
    /** Authorization header value of the archive's `gateway` user, for a gateway under test. */
    archiveGatewayAuthorization: string;
    manifestPath: string;
  }
}

let archive: OrthancHandle | undefined;
let dataDir: string | undefined;

/** One real Orthanc on free ports with a temporary data folder, seeded with the sample studies. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-it-'));
  archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort: await freePort() });
  const seeded = await seedArchive({ archive });
  project.provide('orthancUrl', archive.httpUrl);
  project.provide('dicomWebRoot', archive.dicomWebRoot);
  project.provide('archiveDataDir', dataDir);
  project.provide('archiveGatewayAuthorization', archive.gatewayAuthorization);
  project.provide('manifestPath', seeded.manifestPath);
}

export async function teardown(): Promise<void> {
  await archive?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
