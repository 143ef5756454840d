/** Transfer syntax UIDs used by the samples (PS3.6 Annex A). */
export const TransferSyntax = {
  implicitLittleEndian: '1.2.840.10008.1.2',
  explicitLittleEndian: '1.2.840.10008.1.2.1',
  deflatedExplicitLittleEndian: '1.2.840.10008.1.2.1.99',
  explicitBigEndian: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  rleLossless: '1.2.840.10008.1.2.5',
} as const;

export type TransferSyntaxUid = (typeof TransferSyntax)[keyof typeof TransferSyntax];

const NAMES: Record<string, string> = {
  [TransferSyntax.implicitLittleEndian]: 'Implicit VR Little Endian',
  [TransferSyntax.explicitLittleEndian]: 'Explicit VR Little Endian',
  [TransferSyntax.deflatedExplicitLittleEndian]: 'Deflated Explicit VR Little Endian',
  [TransferSyntax.explicitBigEndian]: 'Explicit VR Big Endian',
  [TransferSyntax.jpegBaseline]: 'JPEG Baseline',
  [TransferSyntax.jpegExtended]: 'JPEG Extended 12-bit',
  [TransferSyntax.jpegLossless]: 'JPEG Lossless SV1',
  [TransferSyntax.jpegLsLossless]: 'JPEG-LS Lossless',
  [TransferSyntax.jpeg2000Lossless]: 'JPEG 2000 Lossless',
  [TransferSyntax.jpeg2000]: 'JPEG 2000',
  [TransferSyntax.rleLossless]: 'RLE Lossless',
};

export function transferSyntaxName(uid: string): string {
  return NAMES[uid] ?? uid;
}
