import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../lib/ports.ts';
import { isAlive, startOrthanc } from './orthanc.ts';
import { superviseArchive, type ArchiveSupervisor } from './supervisor.ts';

/** npm start's supervision with a real Orthanc: killed outright, it comes back and answers; stopped, nothing is left. */

const dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-supervised-'));
let supervisor: ArchiveSupervisor | undefined;
afterAll(async () => {
  await supervisor?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Processes whose command line names this data folder (Orthanc's config, the log writer's file). */
function processesOfDataDir(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir) && isAlive(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

it('restarts Orthanc killed with SIGKILL, which then answers with the same credentials; stop() leaves no process behind', async () => {
  const httpPort = await freePort();
  const log: string[] = [];
  supervisor = await superviseArchive(() => startOrthanc({ dataDir, httpPort, dicomPort: 0 }), {
    log: (m) => log.push(m),
    policy: { firstDelayMs: 200, maxDelayMs: 1_000, stableAfterMs: 60_000 },
  });
  const first = supervisor.current();
  expect(processesOfDataDir()).toContain(first.pid);

  process.kill(first.pid, 'SIGKILL');
  await expect.poll(() => supervisor!.current().pid, { timeout: 30_000 }).not.toBe(first.pid);
  const second = supervisor.current();
  expect((await second.adminFetch('/system')).status).toBe(200);
  expect(second.credentials).toEqual(first.credentials);
  expect(isAlive(first.pid)).toBe(false);
  expect(log[0]).toBe(`The archive (Orthanc, pid ${first.pid}) stopped unexpectedly (killed by SIGKILL); restarting it in 0.2 s.`);
  expect(log[1]).toBe(`The archive is running again (pid ${second.pid}).`);

  await supervisor.stop();
  supervisor = undefined;
  expect(isAlive(second.pid)).toBe(false);
  // Neither Orthanc nor its log writers outlive the supervisor.
  await expect.poll(processesOfDataDir, { timeout: 10_000 }).toEqual([]);
});
