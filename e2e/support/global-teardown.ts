import { rmSync } from 'node:fs';
import path from 'node:path';
import { stopByPid, stopFromPidFile } from '../../scripts/archive/orthanc.ts';
import { readStackState } from './stack-state.ts';

export default async function globalTeardown(): Promise<void> {
  const stack = readStackState();
  await stopByPid(stack.gatewayPid);
  // The archive may have been restarted by a spec; its pid file always names the live one.
  await stopFromPidFile(stack.archiveDataDir);
  rmSync(path.dirname(stack.archiveDataDir), { recursive: true, force: true });
  rmSync(process.env['READROOM_E2E_STATE']!, { force: true });
}
