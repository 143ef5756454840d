/**
 * How many bytes of decoded images the viewer may keep, and how much of a series to prefetch within
 * that. The budget bounds memory whatever the series' length (a 2,000-slice CT is about 1 GB
 * decoded); prefetch fills at most PREFETCH_SHARE of it around the image on screen, so scrolling
 * evicts far-away images, never the ones around the reader.
 */
const MIB = 1024 * 1024;
const MIN_CACHE_MB = 128;
const MAX_CACHE_MB = 4096;
const PREFETCH_SHARE = 0.8;

/**
 * Default budget from the device (navigator.deviceMemory, in GiB, which browsers round and cap at 8):
 * an eighth of it, between 256 MiB and 1 GiB; 512 MiB when the device does not say.
 */
export function defaultCacheMb(deviceMemoryGiB: number | undefined): number {
  if (deviceMemoryGiB === undefined || !Number.isFinite(deviceMemoryGiB) || deviceMemoryGiB <= 0) return 512;
  return Math.min(1024, Math.max(256, Math.round((deviceMemoryGiB * 1024) / 8)));
}

/** The configured budget when valid, else the device default; in bytes. */
export function cacheBudgetBytes(configuredMb: number | undefined, deviceMemoryGiB: number | undefined): number {
  const mb =
    configuredMb !== undefined && Number.isFinite(configuredMb) && configuredMb >= MIN_CACHE_MB && configuredMb <= MAX_CACHE_MB
      ? configuredMb
      : defaultCacheMb(deviceMemoryGiB);
  return Math.round(mb * MIB);
}

/** Decoded size of one image before the first one is known (Cornerstone keeps 16-bit grey as 2 bytes, colour as RGB). */
export function estimateImageBytes(image: { rows: number; columns: number; bitsAllocated?: number | undefined; samplesPerPixel?: number | undefined }): number {
  const samples = Math.max(1, image.samplesPerPixel ?? 1);
  const bytes = samples > 1 ? 1 : Math.max(1, Math.ceil((image.bitsAllocated ?? 16) / 8));
  return Math.max(1, image.rows * image.columns * samples * bytes);
}

/** How many images of a series prefetch may hold in the cache (at least the one on screen). */
export function prefetchLimit(budgetBytes: number, imageBytes: number, seriesShown = 1): number {
  return Math.max(1, Math.floor((budgetBytes * PREFETCH_SHARE) / Math.max(1, seriesShown) / Math.max(1, imageBytes)));
}

/**
 * Why a volume of `count` images of `imageBytes` each cannot be shown within the cache budget (it must fit
 * in the share prefetch may fill, or frames would be evicted while it is on screen); undefined when it fits.
 */
export function volumeBudgetReason(budgetBytes: number, imageBytes: number, count: number): string | undefined {
  const limit = prefetchLimit(budgetBytes, imageBytes);
  if (count <= limit) return undefined;
  const mb = (bytes: number) => Math.ceil(bytes / MIB);
  return `This series is too large for MPR here: its volume needs ${mb(count * imageBytes)} MB of decoded images, the image cache allows ${mb(limit * imageBytes)} MB for it.`;
}
