// Decode worker entry point: Cornerstone's WASM decoders (JPEG, JPEG-LS, JPEG 2000, HTJ2K, RLE,
// little/big endian, deflate), exposed over comlink. Started by the viewer's launch or by
// src/viewer/viewport/cornerstone-init.ts (src/viewer/loading/decode-workers.ts).
import 'cornerstone-decode-worker';
import { CODEC_INITIALIZERS } from './codec-initializers.ts';
import { answerCodecPreparation } from './codec-preparation.ts';
import { transferDecodedPixels, type ReplyEndpoint } from './transfer-decoded-pixels.ts';

transferDecodedPixels(self as unknown as ReplyEndpoint);
answerCodecPreparation(self, CODEC_INITIALIZERS);
