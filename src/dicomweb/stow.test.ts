import { describe, expect, it } from 'vitest';
import { multipartDicomBody } from './stow.ts';

describe('multipartDicomBody', () => {
  it('frames every file as an application/dicom part and closes the body', async () => {
    const a = new Uint8Array([1, 2, 3]).buffer;
    const b = new Uint8Array([4, 5]).buffer;
    const bytes = new Uint8Array(await multipartDicomBody([a, b], 'XYZ').arrayBuffer());
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toBe(
      '--XYZ\r\nContent-Type: application/dicom\r\n\r\n\x01\x02\x03\r\n--XYZ\r\nContent-Type: application/dicom\r\n\r\n\x04\x05\r\n--XYZ--\r\n',
    );
  });
});
