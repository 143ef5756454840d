/**
 * The network between browser and gateway in a run: loopback as it is, or an emulated teleradiology
 * link applied with CDP Network.emulateNetworkConditions (Chromium adds `latencyMs` before each
 * response and shares the throughputs between all page requests).
 */
export interface Link {
  name: 'loopback' | 'tele';
  /** Emulated conditions; undefined on loopback. */
  emulation?: { downMbit: number; upMbit: number; latencyMs: number };
}

export function describeLink(link: Link): string {
  const e = link.emulation;
  return e ? `${link.name} (${e.downMbit} Mbit/s down, ${e.upMbit} Mbit/s up, ${e.latencyMs} ms latency)` : link.name;
}

/** CDP parameters of Network.emulateNetworkConditions (throughputs in bytes per second). */
export function emulationParams(link: Link): { offline: boolean; latency: number; downloadThroughput: number; uploadThroughput: number } | undefined {
  const e = link.emulation;
  if (!e) return undefined;
  return { offline: false, latency: e.latencyMs, downloadThroughput: (e.downMbit * 1e6) / 8, uploadThroughput: (e.upMbit * 1e6) / 8 };
}

/** Round trips a perfect launch needs before the first frame arrives: document, script, config, metadata, frame. */
export const LAUNCH_ROUND_TRIPS = 5;

export interface Floor {
  firstImageMs: number;
  seriesLoadedMs: number;
}

/**
 * The physical floor on an emulated link (performance notes): first image = launch round trips +
 * (series metadata + first frame) over the bandwidth; series = all frames over the bandwidth + 1 round
 * trip. The viewer's own code is not part of it.
 */
export function physicalFloor(link: Link, bytes: { metadata: number; firstFrame: number; series: number }): Floor | undefined {
  const e = link.emulation;
  if (!e) return undefined;
  const msForBytes = (n: number) => (n * 8) / (e.downMbit * 1e3);
  return {
    firstImageMs: LAUNCH_ROUND_TRIPS * e.latencyMs + msForBytes(bytes.metadata + bytes.firstFrame),
    seriesLoadedMs: msForBytes(bytes.series) + e.latencyMs,
  };
}
