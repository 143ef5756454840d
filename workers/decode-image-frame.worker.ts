// Decode worker entry point: Cornerstone's WASM decoders (JPEG, JPEG-LS, JPEG 2000, HTJ2K, RLE,
// little/big endian, deflate), exposed over comlink. Registered in src/viewer/viewport/cornerstone-init.ts.
import 'cornerstone-decode-worker';
import { transferDecodedPixels, type ReplyEndpoint } from './transfer-decoded-pixels.ts';

transferDecodedPixels(self as unknown as ReplyEndpoint);
