import type { Plugin } from 'vite';

/** The dicom-image-loader module that gives a decoded frame's pixels their typed array on the page. */
const SET_PIXEL_DATA_TYPE = /@cornerstonejs[\\/]dicom-image-loader[\\/]dist[\\/]esm[\\/]imageLoader[\\/]setPixelDataType\.js$/;
const COPY = 'const typedArray = new TypedArray(imageFrame.pixelData);';
const KEEP = 'const typedArray = imageFrame.pixelData instanceof TypedArray ? imageFrame.pixelData : new TypedArray(imageFrame.pixelData);';

/**
 * setPixelDataType.js with its copy made only where the type changes. The loader copies every decoded frame
 * into a new array of the type its values need, on the page's main thread, although the decode worker has
 * already made it that type (postProcessDecodedPixels): a 512² CT frame, 0.5 MB written into fresh memory,
 * about 2.5 ms of the main thread per frame on the benchmark machine. Fails the build if the module no longer
 * reads as expected, so a loader upgrade is looked at rather than silently left unpatched.
 */
export function keepTypedPixelDataSource(code: string): string {
  if (!code.includes(COPY)) throw new Error('@cornerstonejs/dicom-image-loader setPixelDataType.js changed: review scripts/lib/keep-typed-pixel-data.ts');
  return code.replace(COPY, KEEP);
}

export function keepTypedPixelData(): Plugin {
  return {
    name: 'readroom:keep-typed-pixel-data',
    enforce: 'pre',
    transform(code, id) {
      if (!SET_PIXEL_DATA_TYPE.test(id.split('?')[0]!)) return null;
      return { code: keepTypedPixelDataSource(code), map: null };
    },
  };
}
