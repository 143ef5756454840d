import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../lib/ports.ts';
import { logFile, startOrthanc } from './orthanc.ts';

/** Orthanc's own output goes through the size-capped log writer (log-rotation.ts), across restarts too. */

const dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-orthanc-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('keeps orthanc.log and orthanc.log.1 within the limit while Orthanc writes more than both hold', async () => {
  const limit = 1000;
  const log = logFile(dataDir);
  for (let run = 0; run < 2; run++) {
    const archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort: 0, logMaxBytes: limit });
    await archive.stop();
    // stop() waits for the log writer: Orthanc's last line is in.
    expect(readFileSync(log, 'utf8')).toContain('Orthanc has stopped');
    expect(statSync(log).size).toBeLessThanOrEqual(limit);
    expect(existsSync(`${log}.1`)).toBe(true);
    expect(statSync(`${log}.1`).size).toBeLessThanOrEqual(limit);
    expect(statSync(`${log}.1`).size).toBeGreaterThan(limit / 2);
    expect(existsSync(`${log}.2`)).toBe(false);
  }
});
