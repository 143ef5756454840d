import { initialize as initializeHtj2k } from 'cornerstone-decoders/decodeHTJ2K.js';
import { initialize as initializeJpeg2000 } from 'cornerstone-decoders/decodeJPEG2000.js';
import { initialize as initializeJpegBaseline } from 'cornerstone-decoders/decodeJPEGBaseline8Bit.js';
import { initialize as initializeJpegLs } from 'cornerstone-decoders/decodeJPEGLS.js';
import { initialize as initializeJpegXl } from 'cornerstone-decoders/decodeJPEGXL.js';
import type { CodecInitializer } from './codec-preparation.ts';

const jpegBaseline: CodecInitializer = () => initializeJpegBaseline({});
const jpegLs: CodecInitializer = () => initializeJpegLs({});
const jpeg2000: CodecInitializer = () => initializeJpeg2000({});
const htj2k: CodecInitializer = () => initializeHtj2k({});
const jpegXl: CodecInitializer = () => initializeJpegXl({});

/**
 * The loader's WebAssembly decoders by the transfer syntaxes it decodes with them (decodeImageFrameWorker.js's
 * own choice); the other syntaxes are decoded in JavaScript and need nothing readied.
 */
export const CODEC_INITIALIZERS: Readonly<Record<string, CodecInitializer>> = {
  '1.2.840.10008.1.2.4.50': jpegBaseline,
  '1.2.840.10008.1.2.4.80': jpegLs,
  '1.2.840.10008.1.2.4.81': jpegLs,
  '1.2.840.10008.1.2.4.90': jpeg2000,
  '1.2.840.10008.1.2.4.91': jpeg2000,
  '3.2.840.10008.1.2.4.96': htj2k,
  '1.2.840.10008.1.2.4.201': htj2k,
  '1.2.840.10008.1.2.4.202': htj2k,
  '1.2.840.10008.1.2.4.203': htj2k,
  '1.2.840.10008.1.2.4.110': jpegXl,
  '1.2.840.10008.1.2.4.111': jpegXl,
  '1.2.840.10008.1.2.4.112': jpegXl,
};
