import { describe, expect, it } from 'vitest';
import { markdownTable, runLine, targetChecks, type CaseResult } from './imaging-report.ts';
import type { RunOutcome } from './viewer-run.ts';

const outcome = (firstImageMs: number, seriesLoadedMs: number): RunOutcome => ({
  firstImageMs,
  seriesLoadedMs,
  serverBytes: 40e6,
  cdpBytes: 40e6,
  peakHeapBytes: 100e6,
  bytesByKind: {},
  frameRequests: 220,
  previewRequests: 0,
  failedRequests: 0,
});

function mprCase(): CaseResult {
  return {
    study: 'ct',
    target: { label: 'CT chest (220 × 512², JPEG-LS lossless)', studyUID: '1.2', seriesUID: '1.2.3', frames: 220 },
    wire: { metadata: 0.2e6, firstFrame: 0.2e6, series: 40e6, frames: 220 },
    link: { name: 'tele', emulation: { downMbit: 50, upMbit: 10, latencyMs: 40 } },
    floor: { firstImageMs: 264, seriesLoadedMs: 6440 },
    view: 'mpr',
    runs: {
      readroom: [outcome(1500, 9000), outcome(1000, 8000), outcome(2000, 10000)],
      ohif: [outcome(5000, 14000), outcome(4000, 12000), outcome(6000, 13000)],
    },
  };
}

describe('the MPR report', () => {
  it('names the reformatted figures, has no floor for the first reformatted image and gives Readroom / OHIF', () => {
    const lines = markdownTable([mprCase()], ['readroom', 'ohif']).split('\n');
    const first = lines.find((l) => l.includes('first reformatted image (s)'));
    const volume = lines.find((l) => l.includes('volume complete (s)'));
    expect(first).toBe(
      '| CT chest (220 × 512², JPEG-LS lossless), MPR | tele | first reformatted image (s) | 1.50 (1.00–2.00) | 5.00 (4.00–6.00) | – | 0.30 | – | – |',
    );
    expect(volume).toBe(
      '| CT chest (220 × 512², JPEG-LS lossless), MPR | tele | volume complete (s) | 9.00 (8.00–10.00) | 13.00 (12.00–14.00) | 6.44 | 0.69 | 1.40 | 2.02 |',
    );
    expect(lines.some((l) => l.includes('| first image (s) |'))).toBe(false);
  });

  it('checks the issue target: first reformatted image ≤ 0.5 × OHIF', () => {
    const pass = targetChecks([mprCase()]);
    expect(pass).toEqual([
      { what: "CT chest (220 × 512², JPEG-LS lossless), MPR: first reformatted image ≤ 0.5 × OHIF's", measured: "0.30 × OHIF's", pass: true },
    ]);
    const slow = mprCase();
    slow.runs.readroom = [outcome(2600, 9000)];
    expect(targetChecks([slow])[0]).toMatchObject({ measured: "0.52 × OHIF's", pass: false });
  });

  it('prints each run with the MPR figures', () => {
    expect(runLine('ohif', 2, outcome(4000, 12000), 'mpr')).toContain('first reformatted image 4.00 s, volume complete 12.00 s');
    expect(runLine('ohif', 2, outcome(4000, 12000))).toContain('first image 4.00 s, series loaded 12.00 s');
  });
});
