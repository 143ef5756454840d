import { describe, expect, it } from 'vitest';
import {
  classifyTransferSyntax,
  decide,
  describeTransferSyntax,
  firstRetrieval,
  needsClientDecoding,
  EXPLICIT_VR_LITTLE_ENDIAN,
  FrameDecodeError,
  pixelDataProblem,
  frameAcceptHeader,
  seriesKeyOfFrameUrl,
  statusWarrantsEvrle,
  TransferSyntaxMemory,
  transferSyntaxOfContentType,
  UndisplayableTransferSyntaxError,
  UnsupportedPixelDataError,
} from './transfer-syntax-policy.ts';

const TS = (suffix: string) => `1.2.840.10008.1.2${suffix}`;
const FRAME = 'wadors:http://h/dicom-web/studies/1.2.3/series/4.5.6/instances/7.8/frames/1';

describe('frame requests', () => {
  it('asks for the stored bytes first, EVRLE on the retry', () => {
    expect(frameAcceptHeader('stored')).toBe('multipart/related; type=application/octet-stream; transfer-syntax=*');
    expect(frameAcceptHeader('evrle')).toBe(`multipart/related; type=application/octet-stream; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`);
    expect(EXPLICIT_VR_LITTLE_ENDIAN).toBe('1.2.840.10008.1.2.1');
  });
});

describe('classifyTransferSyntax', () => {
  it.each([
    ['', 'Implicit VR LE'],
    ['.1', 'Explicit VR LE'],
    ['.2', 'Explicit VR Big Endian (decoded by the client when an archive sends it)'],
    ['.1.99', 'Deflated'],
    ['.5', 'RLE'],
    ['.4.50', 'JPEG baseline'],
    ['.4.51', 'JPEG extended'],
    ['.4.57', 'JPEG lossless'],
    ['.4.70', 'JPEG lossless SV1'],
    ['.4.80', 'JPEG-LS lossless'],
    ['.4.81', 'JPEG-LS near-lossless'],
    ['.4.90', 'JPEG 2000 lossless'],
    ['.4.91', 'JPEG 2000'],
    ['.4.201', 'HTJ2K lossless'],
    ['.4.202', 'HTJ2K RPCL lossless'],
    ['.4.203', 'HTJ2K'],
  ])('decodes %s (%s)', (suffix) => {
    expect(classifyTransferSyntax(TS(suffix))).toBe('decodable');
  });

  it.each([
    '.4.100',
    '.4.100.1',
    '.4.101',
    '.4.101.1',
    '.4.102',
    '.4.102.1',
    '.4.103',
    '.4.103.1',
    '.4.104',
    '.4.104.1',
    '.4.105',
    '.4.105.1',
    '.4.106',
    '.4.106.1',
    '.4.107',
    '.4.108',
  ])('treats %s as video', (suffix) => {
    expect(classifyTransferSyntax(TS(suffix))).toBe('video');
  });

  it('does not claim to decode private, JPIP or unknown syntaxes', () => {
    expect(classifyTransferSyntax('1.3.46.670589.33.1.4.1')).toBe('not-decodable');
    expect(classifyTransferSyntax(TS('.4.94'))).toBe('not-decodable');
    expect(classifyTransferSyntax(TS('.4.109'))).toBe('not-decodable');
    expect(classifyTransferSyntax(TS('.4.92'))).toBe('not-decodable');
  });
});

describe('decide', () => {
  it.each([400, 406, 415, 500, 501])('stored bytes refused with HTTP %i → ask again for EVRLE', (status) => {
    expect(decide('stored', { kind: 'http-error', status })).toEqual({ action: 'retry-evrle' });
  });

  it.each([0, 401, 403, 404, 502, 503, 504])('HTTP %i is not about the syntax: no second request', (status) => {
    expect(statusWarrantsEvrle(status)).toBe(false);
    expect(decide('stored', { kind: 'http-error', status })).toEqual({ action: 'fail' });
  });

  it('never retries a retry', () => {
    expect(decide('evrle', { kind: 'http-error', status: 500 })).toEqual({ action: 'fail' });
    expect(decide('evrle', { kind: 'decode-error', transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN })).toEqual({ action: 'fail' });
    expect(decide('evrle', { kind: 'part', transferSyntaxUID: '1.3.46.670589.33.1.4.1' })).toEqual({
      action: 'undisplayable',
      transferSyntaxUID: '1.3.46.670589.33.1.4.1',
    });
  });

  it('decodes a part the client can decode, whatever was asked', () => {
    for (const ts of [TS(''), TS('.1'), TS('.2'), TS('.1.99'), TS('.5'), TS('.4.50'), TS('.4.90'), TS('.4.80'), TS('.4.203')]) {
      expect(decide('stored', { kind: 'part', transferSyntaxUID: ts })).toEqual({ action: 'decode' });
      expect(decide('evrle', { kind: 'part', transferSyntaxUID: ts })).toEqual({ action: 'decode' });
    }
    // No transfer-syntax parameter: application/octet-stream defaults to Implicit VR Little Endian.
    expect(decide('stored', { kind: 'part', transferSyntaxUID: undefined })).toEqual({ action: 'decode' });
  });

  it('asks for EVRLE when the stored part has a syntax the client cannot decode', () => {
    expect(decide('stored', { kind: 'part', transferSyntaxUID: '1.3.46.670589.33.1.4.1' })).toEqual({ action: 'retry-evrle' });
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.4.94') })).toEqual({ action: 'retry-evrle' });
  });

  it('gives up at once on video, naming the syntax', () => {
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.4.102') })).toEqual({ action: 'undisplayable', transferSyntaxUID: TS('.4.102') });
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.4.107') })).toEqual({ action: 'undisplayable', transferSyntaxUID: TS('.4.107') });
  });

  it('asks the archive to decode a stored frame the client failed to decode', () => {
    expect(decide('stored', { kind: 'decode-error', transferSyntaxUID: TS('.5') })).toEqual({ action: 'retry-evrle' });
  });
});

describe('pixel data the archive and the image loader get wrong', () => {
  const GREY16 = { samplesPerPixel: 1, bitsAllocated: 16 };
  const GREY32 = { samplesPerPixel: 1, bitsAllocated: 32 };
  const RGB8 = { samplesPerPixel: 3, bitsAllocated: 8 };
  const RGB16 = { samplesPerPixel: 3, bitsAllocated: 16 };

  it('is more than 16 bits, or colour with more than 8 bits per sample', () => {
    expect(needsClientDecoding(GREY32)).toBe(true);
    expect(needsClientDecoding(RGB16)).toBe(true);
    expect(needsClientDecoding(GREY16)).toBe(false);
    expect(needsClientDecoding(RGB8)).toBe(false);
    expect(needsClientDecoding({ samplesPerPixel: undefined, bitsAllocated: undefined })).toBe(false);
  });

  it('reads high-bit colour from the stored instance at once; anything else starts with what the series needed', () => {
    expect(firstRetrieval(RGB16, 'stored')).toBe('instance');
    expect(firstRetrieval({ samplesPerPixel: 3, bitsAllocated: 32 }, 'evrle')).toBe('instance');
    expect(firstRetrieval(GREY32, 'stored')).toBe('stored');
    expect(firstRetrieval(GREY16, 'evrle')).toBe('evrle');
    expect(firstRetrieval(GREY32, 'instance')).toBe('instance');
  });

  it('never lets the archive transcode 32-bit data: a refused stored frame is read from the stored instance', () => {
    expect(decide('stored', { kind: 'http-error', status: 500 }, GREY32)).toEqual({ action: 'retry-instance' });
    expect(decide('stored', { kind: 'http-error', status: 500 }, GREY16)).toEqual({ action: 'retry-evrle' });
    expect(decide('stored', { kind: 'http-error', status: 503 }, GREY32)).toEqual({ action: 'fail' });
    expect(decide('stored', { kind: 'decode-error', transferSyntaxUID: TS('.5') }, GREY32)).toEqual({ action: 'retry-instance' });
  });

  it('decodes stored 32-bit little-endian frames, but not Big Endian or RLE ones (the loader gets those wrong)', () => {
    for (const ts of [TS(''), TS('.1'), TS('.1.99')]) expect(decide('stored', { kind: 'part', transferSyntaxUID: ts }, GREY32)).toEqual({ action: 'decode' });
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.2') }, GREY32)).toEqual({ action: 'retry-instance' });
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.5') }, GREY32)).toEqual({ action: 'retry-instance' });
    // 16 bits and less: as before.
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.2') }, GREY16)).toEqual({ action: 'decode' });
    expect(decide('stored', { kind: 'part', transferSyntaxUID: TS('.5') }, RGB8)).toEqual({ action: 'decode' });
  });

  it('never hands high-bit colour to the loader', () => {
    for (const ts of [TS(''), TS('.1'), TS('.2'), TS('.5'), TS('.4.80')]) {
      expect(decide('stored', { kind: 'part', transferSyntaxUID: ts }, RGB16)).toEqual({ action: 'retry-instance' });
    }
  });

  it('remembers per series that the stored instance is needed', () => {
    const memory = new TransferSyntaxMemory();
    memory.needsEvrle(FRAME);
    memory.needsInstance(FRAME);
    expect(memory.requestFor(FRAME.replace('/instances/7.8/', '/instances/7.9/'))).toBe('instance');
    expect(memory.requestFor(FRAME.replace('/series/4.5.6/', '/series/4.5.7/'))).toBe('stored');
  });
});

describe('content types and names', () => {
  it('reads the transfer-syntax parameter of a part or response Content-Type', () => {
    expect(transferSyntaxOfContentType('image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50')).toBe(TS('.4.50'));
    expect(transferSyntaxOfContentType('multipart/related; type="application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"; boundary=x')).toBe(TS('.1'));
    expect(transferSyntaxOfContentType('application/octet-stream; transfer-syntax="1.2.840.10008.1.2"')).toBe(TS(''));
    expect(transferSyntaxOfContentType('multipart/related; type=application/octet-stream; transfer-syntax=*')).toBeUndefined();
    expect(transferSyntaxOfContentType('image/jls')).toBeUndefined();
    expect(transferSyntaxOfContentType(undefined)).toBeUndefined();
  });

  it('names syntaxes for the reader', () => {
    expect(describeTransferSyntax(TS('.2'))).toBe('Explicit VR Big Endian (1.2.840.10008.1.2.2)');
    expect(describeTransferSyntax(TS('.4.102'))).toBe('MPEG-4 AVC/H.264 High Profile / Level 4.1 (1.2.840.10008.1.2.4.102)');
    expect(describeTransferSyntax('1.3.46.670589.33.1.4.1')).toBe('private transfer syntax 1.3.46.670589.33.1.4.1');
    expect(new UndisplayableTransferSyntaxError(TS('.4.100')).message).toBe(
      'MPEG-2 Main Profile / Main Level (1.2.840.10008.1.2.4.100) cannot be displayed (a video stream, not image frames).',
    );
    expect(new FrameDecodeError(TS('.5'), new Error('unsupported pixel format for RLE')).message).toBe(
      'The frame failed to decode (RLE Lossless (1.2.840.10008.1.2.5)): unsupported pixel format for RLE',
    );
  });
});

describe('TransferSyntaxMemory', () => {
  it('remembers per series that EVRLE is needed', () => {
    const memory = new TransferSyntaxMemory();
    const sibling = FRAME.replace('/instances/7.8/', '/instances/7.9/');
    const other = FRAME.replace('/series/4.5.6/', '/series/4.5.7/');
    expect(seriesKeyOfFrameUrl(FRAME)).toBe('1.2.3/4.5.6');
    expect(memory.requestFor(FRAME)).toBe('stored');
    memory.needsEvrle(FRAME);
    expect(memory.requestFor(sibling)).toBe('evrle');
    expect(memory.requestFor(other)).toBe('stored');
  });
});

describe('pixelDataProblem', () => {
  it('accepts grey up to 32 bits and 8-bit colour as sent', () => {
    expect(pixelDataProblem({ samplesPerPixel: 1, bitsAllocated: 16, transcodedAfterRefusal: true })).toBeUndefined();
    expect(pixelDataProblem({ samplesPerPixel: 1, bitsAllocated: 32, transcodedAfterRefusal: false })).toBeUndefined();
    expect(pixelDataProblem({ samplesPerPixel: 3, bitsAllocated: 8, transcodedAfterRefusal: true })).toBeUndefined();
    expect(pixelDataProblem({ samplesPerPixel: undefined, bitsAllocated: undefined, transcodedAfterRefusal: false })).toBeUndefined();
    // RGBA (4 values per pixel) for RGB is more, not fewer.
    expect(
      pixelDataProblem({ samplesPerPixel: 3, bitsAllocated: 8, transcodedAfterRefusal: false, decodedValues: 4 * 64 * 64, expectedValues: 3 * 64 * 64 }),
    ).toBeUndefined();
    expect(
      pixelDataProblem({ samplesPerPixel: 1, bitsAllocated: 16, transcodedAfterRefusal: false, decodedValues: 4096, expectedValues: 4096 }),
    ).toBeUndefined();
  });
  it('refuses fewer decoded values than the frame has (a compressed codestream labelled as native)', () => {
    expect(pixelDataProblem({ samplesPerPixel: 1, bitsAllocated: 16, transcodedAfterRefusal: true, decodedValues: 1381, expectedValues: 4096 })).toBe(
      'the archive sent 1381 pixel values for a frame of 4096, so the part is not what its transfer syntax says',
    );
  });
  it('refuses colour above 8 bits per sample and 32-bit values the archive transcoded after refusing them', () => {
    expect(pixelDataProblem({ samplesPerPixel: 3, bitsAllocated: 16, transcodedAfterRefusal: false })).toBe(
      "colour with 16 bits per sample cannot be shown from the image loader's decoding",
    );
    expect(pixelDataProblem({ samplesPerPixel: 1, bitsAllocated: 32, transcodedAfterRefusal: true })).toMatch(/not trusted/);
    expect(new UnsupportedPixelDataError(TS('.5'), 'colour with 32 bits per sample is not supported').message).toBe(
      'The frame cannot be shown correctly (RLE Lossless (1.2.840.10008.1.2.5)): colour with 32 bits per sample is not supported.',
    );
  });
});
