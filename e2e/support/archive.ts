import { archiveClient, type ArchiveClient } from '../../scripts/archive/archive-client.ts';
import { startOrthanc, stopFromPidFile, type OrthancHandle } from '../../scripts/archive/orthanc.ts';
import type { E2eStack } from './stack-state.ts';

/** The e2e stack's archive, with its credentials (the `admin` user for REST, `gateway` for a gateway's config). */
export function stackArchive(stack: E2eStack): ArchiveClient {
  return archiveClient(`http://127.0.0.1:${stack.orthancHttpPort}`, stack.archiveDataDir);
}

/** Starts the stack's archive as the global setup did (same ports, data and credentials), after a spec stopped it. */
export function restartStackArchive(stack: E2eStack): Promise<OrthancHandle> {
  return startOrthanc({ dataDir: stack.archiveDataDir, httpPort: stack.orthancHttpPort, dicomPort: stack.orthancDicomPort });
}

/** Stops the stack's archive (whichever process runs it now). */
export function stopStackArchive(stack: E2eStack): Promise<boolean> {
  return stopFromPidFile(stack.archiveDataDir);
}

/** A gateway source config for the stack's archive, as a READROOM_CONFIG file names it. */
export function stackArchiveUpstream(stack: E2eStack): { root: string; username: string; password: string } {
  const archive = stackArchive(stack);
  return { root: archive.dicomWebRoot, ...archive.credentials.gateway };
}
