import { rmSync } from 'node:fs';
import { stopByPid, stopFromPidFile } from '../../scripts/archive/orthanc.ts';
import { readStackState } from './stack-state.ts';

export default async function globalTeardown(): Promise<void> {
  const stack = readStackState();
  await stopByPid(stack.gatewayPid);
  // The archive may have been restarted by a spec; its pid file always names the live one.
  await stopFromPidFile(stack.archiveDataDir);
  rmSync(stack.archiveDataDir, { recursive: true, force: true });
}
