import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifyChain } from '../server/audit/verify.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { openDatabase, type DatabaseLocation } from '../server/db/database.ts';

/**
 * `npm run audit:verify`: checks the audit trail's hash chain in the gateway's configured database
 * (READROOM_CONFIG or the environment, as the gateway reads them). Prints `OK: <count> …` and exits 0,
 * or `BROKEN at record <n>: <reason>` and exits 1; 2 when it could not check at all.
 *
 * The embedded database cannot be opened by two processes at once (nothing stops a second one, and
 * both would write its files), so a copy of its folder is checked: the gateway may keep running.
 */

let copy: string | undefined;

async function main(): Promise<number> {
  let location: DatabaseLocation;
  try {
    location = loadConfig().database;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (location.kind === 'embedded' && location.dir !== 'memory') {
    if (!existsSync(location.dir)) {
      console.error(`There is no embedded gateway database at ${location.dir} (READROOM_DATA_DIR).`);
      return 2;
    }
    copy = mkdtempSync(path.join(tmpdir(), 'readroom-audit-verify-'));
    cpSync(location.dir, path.join(copy, 'db'), { recursive: true });
    location = { kind: 'embedded', dir: path.join(copy, 'db') };
  }
  const db = await openDatabase(location);
  try {
    const result = await verifyChain(db);
    if (result.ok) {
      console.log(`OK: ${result.count} audit records, chain head ${result.head.hash} (record ${result.head.seq})`);
      return 0;
    }
    console.log(`BROKEN at record ${result.brokenAt}: ${result.reason}`);
    console.log(`${result.count} records before it are intact.`);
    return 1;
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`Could not verify the audit trail: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  if (copy) rmSync(copy, { recursive: true, force: true });
}
