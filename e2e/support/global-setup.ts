import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startOrthanc } from '../../scripts/archive/orthanc.ts';
import { buildApp } from '../../scripts/lib/build-app.ts';
import { startGatewayProcess } from '../../scripts/lib/gateway-process.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { seedArchive } from '../../scripts/samples/seed.ts';
import { accountsEnv, generateDemoPassword, signInDemoUsers } from './accounts.ts';
import { writeStackState } from './stack-state.ts';

/**
 * The production build of the current sources, behind the real gateway, in front of a real
 * archive on free ports with a temporary data folder, seeded with the sample studies. Specs reach the
 * archive itself with the credentials in that folder (support/archive.ts).
 */
export default async function globalSetup(): Promise<void> {
  const runDir = mkdtempSync(path.join(tmpdir(), 'readroom-e2e-'));
  const distDir = path.join(runDir, 'dist');
  const archiveDataDir = path.join(runDir, 'archive');
  await buildApp(distDir);
  const orthancHttpPort = await freePort();
  const orthancDicomPort = await freePort();
  const archive = await startOrthanc({ dataDir: archiveDataDir, httpPort: orthancHttpPort, dicomPort: orthancDicomPort });
  const { manifestPath } = await seedArchive({ archive });
  // Sign-in: the gateway's own database in the run's folder, demo accounts with a password made for this
  // run, and one signed-in storage state per demo user (e2e/support/accounts.ts, fixtures.ts).
  const demoPassword = generateDemoPassword();
  const signIn = accountsEnv(path.join(runDir, 'gateway-data'), demoPassword);
  // Signed reports store no SR in the shared archive here (specs count the seeded series);
  // e2e/report-delivery.spec.ts runs a gateway of its own with every destination.
  const gateway = await startGatewayProcess({
    port: await freePort(),
    archive,
    staticDir: distDir,
    env: { LOG_LEVEL: 'warn', READROOM_REPORT_SR: 'off', ...signIn },
  });
  const storageStates = await signInDemoUsers(gateway.url, demoPassword, runDir);
  writeStackState({
    baseURL: gateway.url,
    archiveDataDir,
    orthancHttpPort,
    orthancDicomPort,
    gatewayPid: gateway.pid,
    manifestPath,
    distDir,
    demoPassword,
    storageStates,
  });
}
