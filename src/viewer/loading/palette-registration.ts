import { isPaletteColour, resolvePalette, type PaletteResolution } from '../../imaging/palette-metadata.ts';
import { retrieveBulkData } from '../../dicomweb/wado.ts';
import { undrawableReason } from '../../imaging/draw-guard.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { loadingSession } from './loading-session.ts';

/**
 * The metadata a stack's images are registered with for the image loader: PALETTE COLOR instances get
 * their palette resolved (src/imaging/palette-metadata.ts; bulk data through the session-aware fetch),
 * once per instance. Images that cannot be drawn — a palette that could not be read, no size — are
 * remembered with the reason; the loader refuses them with that reason (frame-retrieval.ts), so the
 * viewport names it instead of waiting for a decode that cannot succeed.
 */

type Metadata = StackImage['metadata'];

const resolutions = () => loadingSession().paletteResolutions;
const undrawable = () => loadingSession().undrawable;

/** Why the loader must not try this image, if it must not. */
export function undrawableImageReason(imageId: string): string | undefined {
  return undrawable().get(imageId);
}

function paletteOf(image: StackImage): Promise<PaletteResolution> {
  const ref = parseWadorsImageId(image.imageId);
  if (!ref || !isPaletteColour(image.metadata)) return Promise.resolve({ kind: 'not-palette' });
  const key = `${ref.wadoRoot}|${ref.sopInstanceUID}`;
  let resolution = resolutions().get(key);
  if (!resolution) {
    resolution = resolvePalette(image.metadata, ref.wadoRoot, (url) => retrieveBulkData(url));
    // A failure that may be passing (archive down, session) is tried again next time.
    void resolution.then((r) => r.kind === 'failed' && resolutions().delete(key));
    resolutions().set(key, resolution);
  }
  return resolution;
}

/** Each image's metadata for the loader (same object when nothing needed resolving). */
export async function loaderMetadata(images: readonly StackImage[]): Promise<Map<Metadata, Metadata>> {
  const out = new Map<Metadata, Metadata>();
  const byInstance = new Map<Metadata, StackImage[]>();
  for (const image of images) {
    const frames = byInstance.get(image.metadata);
    if (frames) frames.push(image);
    else byInstance.set(image.metadata, [image]);
  }
  await Promise.all(
    [...byInstance].map(async ([metadata, frames]) => {
      const resolution = await paletteOf(frames[0]!);
      const { rows, columns, samplesPerPixel } = frames[0]!.descriptor;
      const size = undrawableReason({ rows, columns, samplesPerPixel });
      const reason = size ?? (resolution.kind === 'failed' ? resolution.reason : undefined);
      for (const each of frames) {
        if (reason) undrawable().set(each.imageId, reason);
        else undrawable().delete(each.imageId);
      }
      out.set(metadata, resolution.kind === 'resolved' ? resolution.metadata : metadata);
    }),
  );
  return out;
}
