import type { OrthancExit, OrthancHandle } from './orthanc.ts';

export interface RestartPolicy {
  /** Wait before the first restart; doubled after each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A run at least this long counts as stable: the next restart waits `firstDelayMs` again. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, stableAfterMs: 120_000 };

/** Wait before restart number `attempt` (0 = the first since the archive was last stable). */
export function restartDelay(attempt: number, policy: RestartPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(attempt, 30));
}

export interface ArchiveSupervisor {
  /** The archive process running now (the last one started). */
  current(): OrthancHandle;
  /** Stops supervising and the archive, including one being restarted at that moment. */
  stop(): Promise<void>;
}

function describeExit(exit: OrthancExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/**
 * Starts the archive with `start` and starts it again whenever it dies, after 1 s, 2 s, 4 s … (capped),
 * back to 1 s after a stable run. The first start's failure is thrown; later ones are logged and retried.
 */
export async function superviseArchive(
  start: () => Promise<OrthancHandle>,
  opts: { log: (message: string) => void; policy?: RestartPolicy; now?: () => number },
): Promise<ArchiveSupervisor> {
  const policy = opts.policy ?? DEFAULT_RESTART_POLICY;
  const now = opts.now ?? Date.now;
  let handle = await start();
  let startedAt = now();
  let stopping = false;
  /** Restarts since the archive last ran for a stable period. */
  let consecutive = 0;
  let wakeUp: (() => void) | undefined;
  let restarting: Promise<void> = Promise.resolve();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function restartLoop(exit: OrthancExit): Promise<void> {
    let attempt = now() - startedAt >= policy.stableAfterMs ? 0 : consecutive;
    let reason = `The archive (Orthanc, pid ${handle.pid}) stopped unexpectedly (${describeExit(exit)})`;
    while (!stopping) {
      const delay = restartDelay(attempt, policy);
      opts.log(`${reason}; restarting it in ${delay / 1000} s.`);
      await pause(delay);
      if (stopping) return;
      try {
        handle = await start();
      } catch (error) {
        attempt++;
        reason = `The archive could not be restarted (${(error as Error).message.split('\n')[0]})`;
        continue;
      }
      if (stopping) {
        await handle.stop();
        return;
      }
      consecutive = attempt + 1;
      startedAt = now();
      opts.log(`The archive is running again (pid ${handle.pid}).`);
      watch(handle);
      return;
    }
  }

  function watch(h: OrthancHandle): void {
    void h.exited.then((exit) => {
      if (stopping || h !== handle) return;
      restarting = restartLoop(exit);
    });
  }
  watch(handle);

  return {
    current: () => handle,
    async stop() {
      stopping = true;
      wakeUp?.();
      await restarting;
      await handle.stop();
    },
  };
}
