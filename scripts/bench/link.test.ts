import { describe, expect, it } from 'vitest';
import { emulationParams, physicalFloor } from './link.ts';

const tele = { name: 'tele' as const, emulation: { downMbit: 50, upMbit: 10, latencyMs: 40 } };

describe('physicalFloor', () => {
  it('adds five launch round trips to the metadata and first frame over the bandwidth', () => {
    // 6.25 MB at 50 Mbit/s is exactly one second.
    const floor = physicalFloor(tele, { metadata: 250_000, firstFrame: 6_000_000, series: 62_500_000 });
    expect(floor?.firstImageMs).toBeCloseTo(5 * 40 + 1000);
    expect(floor?.seriesLoadedMs).toBeCloseTo(10_000 + 40);
  });

  it('has no floor on loopback', () => {
    expect(physicalFloor({ name: 'loopback' }, { metadata: 1, firstFrame: 1, series: 1 })).toBeUndefined();
  });
});

describe('emulationParams', () => {
  it('gives CDP throughputs in bytes per second', () => {
    expect(emulationParams(tele)).toEqual({ offline: false, latency: 40, downloadThroughput: 6_250_000, uploadThroughput: 1_250_000 });
    expect(emulationParams({ name: 'loopback' })).toBeUndefined();
  });
});
