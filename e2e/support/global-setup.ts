import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startOrthanc } from '../../scripts/archive/orthanc.ts';
import { buildApp, isAppBuilt } from '../../scripts/lib/build-app.ts';
import { startGatewayProcess } from '../../scripts/lib/gateway-process.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { seedArchive } from '../../scripts/samples/seed.ts';
import { writeStackState } from './stack-state.ts';

/** A real archive on free ports with a temporary data folder, seeded, behind the real gateway. */
export default async function globalSetup(): Promise<void> {
  if (!isAppBuilt() || process.env['READROOM_E2E_BUILD'] === '1') await buildApp();
  const archiveDataDir = mkdtempSync(path.join(tmpdir(), 'readroom-e2e-'));
  const orthancHttpPort = await freePort();
  const orthancDicomPort = await freePort();
  const archive = await startOrthanc({ dataDir: archiveDataDir, httpPort: orthancHttpPort, dicomPort: orthancDicomPort });
  const { manifestPath } = await seedArchive({ dicomWebRoot: archive.dicomWebRoot });
  const gateway = await startGatewayProcess({ port: await freePort(), upstreamRoot: archive.dicomWebRoot, env: { LOG_LEVEL: 'warn' } });
  writeStackState({ baseURL: gateway.url, archiveDataDir, orthancHttpPort, orthancDicomPort, gatewayPid: gateway.pid, manifestPath });
}
