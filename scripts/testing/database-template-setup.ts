import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../../server/db/migrate.ts';
import { openDatabaseFrom } from '../../server/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty embedded database (PGlite data dir dump) every test file starts from. */
    dbTemplatePath: string;
  }
}

let dir: string | undefined;

/** Creating an embedded database runs initdb (seconds); loading a migrated dump of one is faster. */
export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(path.join(tmpdir(), 'readroom-dbt-'));
  const pglite = await PGlite.create();
  await migrate(openDatabaseFrom(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbTemplatePath', file);
}

export async function teardown(): Promise<void> {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
