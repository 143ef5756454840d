import { describe, expect, it } from 'vitest';
import type { OrthancExit, OrthancHandle } from './orthanc.ts';
import { restartDelay, superviseArchive, type RestartPolicy } from './supervisor.ts';

const POLICY: RestartPolicy = { firstDelayMs: 10, maxDelayMs: 40, stableAfterMs: 1_000 };

describe('restartDelay', () => {
  it('doubles from the first delay up to the cap', () => {
    const policy = { firstDelayMs: 1_000, maxDelayMs: 60_000, stableAfterMs: 120_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((a) => restartDelay(a, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});

interface FakeArchive {
  handle: OrthancHandle;
  die(exit?: OrthancExit): void;
  stopped: boolean;
}

/** Archives whose death the test decides; `failures` next starts throw. */
function fakeArchives() {
  const started: FakeArchive[] = [];
  let failures = 0;
  let pid = 100;
  const start = async (): Promise<OrthancHandle> => {
    if (failures > 0) {
      failures--;
      throw new Error('port in use\nmore lines');
    }
    let die!: (exit: OrthancExit) => void;
    const exited = new Promise<OrthancExit>((resolve) => (die = resolve));
    const fake: FakeArchive = {
      stopped: false,
      die: (exit = { code: null, signal: 'SIGKILL' }) => die(exit),
      handle: {
        pid: ++pid,
        exited,
        stop: async () => {
          fake.stopped = true;
          die({ code: 0, signal: null });
        },
      } as unknown as OrthancHandle,
    };
    started.push(fake);
    return fake.handle;
  };
  return { started, start, failNext: (n: number) => (failures = n) };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe('superviseArchive', () => {
  it('restarts a dead archive, waiting longer after each quick death and retrying failed starts', async () => {
    const archives = fakeArchives();
    const log: string[] = [];
    const supervisor = await superviseArchive(archives.start, { log: (m) => log.push(m), policy: POLICY });
    expect(archives.started).toHaveLength(1);

    archives.started[0]!.die();
    await until(() => archives.started.length === 2);
    expect(supervisor.current()).toBe(archives.started[1]!.handle);
    archives.failNext(2);
    archives.started[1]!.die({ code: 1, signal: null });
    await until(() => archives.started.length === 3);

    expect(log).toEqual([
      'The archive (Orthanc, pid 101) stopped unexpectedly (killed by SIGKILL); restarting it in 0.01 s.',
      'The archive is running again (pid 102).',
      'The archive (Orthanc, pid 102) stopped unexpectedly (exit code 1); restarting it in 0.02 s.',
      'The archive could not be restarted (port in use); restarting it in 0.04 s.',
      'The archive could not be restarted (port in use); restarting it in 0.04 s.',
      'The archive is running again (pid 103).',
    ]);
    await supervisor.stop();
    expect(archives.started[2]!.stopped).toBe(true);
  });

  it('waits the first delay again after a stable run', async () => {
    const archives = fakeArchives();
    let clock = 0;
    const log: string[] = [];
    await superviseArchive(archives.start, { log: (m) => log.push(m), policy: POLICY, now: () => clock });
    archives.started[0]!.die();
    await until(() => archives.started.length === 2);
    archives.started[1]!.die();
    await until(() => archives.started.length === 3);
    clock += POLICY.stableAfterMs;
    archives.started[2]!.die();
    await until(() => archives.started.length === 4);
    expect(log.filter((m) => m.includes('restarting')).map((m) => /in ([\d.]+) s/.exec(m)![1])).toEqual(['0.01', '0.02', '0.01']);
  });

  it('stop() during the wait starts nothing more and stops the archive it has', async () => {
    const archives = fakeArchives();
    const supervisor = await superviseArchive(archives.start, { log: () => undefined, policy: { ...POLICY, firstDelayMs: 60_000, maxDelayMs: 60_000 } });
    archives.started[0]!.die();
    await new Promise((r) => setTimeout(r, 20));
    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(archives.started).toHaveLength(1);
    expect(archives.started[0]!.stopped).toBe(true);
  });

  it('an archive stopped by stop() is not restarted', async () => {
    const archives = fakeArchives();
    const supervisor = await superviseArchive(archives.start, { log: () => undefined, policy: POLICY });
    await supervisor.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(archives.started).toHaveLength(1);
  });
});
