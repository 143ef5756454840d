import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ManifestSeries, ManifestStudy } from './manifest.ts';
import type { TaskPool } from './pool.ts';
import { describeInstance, readImageHeader } from './read-header.ts';
import { runTool } from './run-tool.ts';
import { transferSyntaxName } from './transfer-syntaxes.ts';
import { deterministicUid } from './uids.ts';

/**
 * Real-world encodings from the test files of Debian's python3-pydicom. They are stored as
 * one study of one patient, one series per file, with new UIDs: several files share the
 * same SOP Instance UID and would overwrite each other in the archive.
 */

/** Image files kept, with what each one exercises. */
export const INCLUDED_FILES: Readonly<Record<string, string>> = {
  'CT_small.dcm': 'CT, Explicit VR Little Endian, signed 16-bit',
  'MR_small.dcm': 'MR, Explicit VR Little Endian',
  'MR_small_implicit.dcm': 'Implicit VR Little Endian',
  'MR_small_bigendian.dcm': 'Explicit VR Big Endian, 16-bit',
  'MR_small_padded.dcm': 'Pixel Data longer than the image, trailing padding item',
  'MR_small_RLE.dcm': 'RLE Lossless, 16-bit',
  'MR_small_jp2klossless.dcm': 'JPEG 2000 Lossless',
  'MR_small_jpeg_ls_lossless.dcm': 'JPEG-LS Lossless',
  'ExplVR_BigEnd.dcm': 'Explicit VR Big Endian, RGB',
  'image_dfl.dcm': 'Deflated Explicit VR Little Endian',
  'JPEG2000.dcm': 'JPEG 2000 (lossy syntax), 16-bit',
  'JPGExtended.dcm': 'JPEG Extended, 12-bit',
  '693_J2KI.dcm': 'JPEG 2000 whose codestream bit depth differs from Bits Stored',
  'J2K_pixelrep_mismatch.dcm': 'JPEG 2000 Lossless, unsigned codestream in a signed image, 13 bits stored',
  'GDCMJ2K_TextGBR.dcm': 'JPEG 2000 Lossless with a JP2 file header, YBR_RCT',
  'SC_rgb_dcmtk_+eb+cr.dcm': 'JPEG Baseline RGB without colour transform',
  'SC_rgb_dcmtk_+eb+cy+n1.dcm': 'JPEG Baseline YBR_FULL, 4:1:1',
  'SC_rgb_dcmtk_+eb+cy+n2.dcm': 'JPEG Baseline YBR_FULL, 4:2:2',
  'SC_rgb_dcmtk_+eb+cy+np.dcm': 'JPEG Baseline YBR_FULL_422, 4:1:1',
  'SC_rgb_dcmtk_+eb+cy+s2.dcm': 'JPEG Baseline YBR_FULL_422, 4:2:2',
  'SC_rgb_dcmtk_+eb+cy+s4.dcm': 'JPEG Baseline YBR_FULL, 4:4:4',
  'SC_rgb_jpeg_dcmtk.dcm': 'JPEG Baseline YBR_FULL (DCMTK)',
  'SC_rgb_jpeg_lossy_gdcm.dcm': 'JPEG Baseline RGB (GDCM)',
  'SC_rgb_jpeg_app14_dcmd.dcm': 'JPEG Baseline RGB with an Adobe APP14 marker',
  'SC_jpeg_no_color_transform.dcm': 'JPEG Baseline RGB, no colour transform, no APP14',
  'SC_jpeg_no_color_transform_2.dcm': 'JPEG Baseline RGB, no colour transform, APP14',
  'SC_rgb_jpeg_gdcm.dcm': 'JPEG Lossless RGB',
  'SC_rgb_jpeg_dcmd.dcm': 'Implicit VR Little Endian RGB',
  'SC_rgb_small_odd.dcm': 'RGB 3x3: odd length Pixel Data',
  'SC_rgb_small_odd_jpeg.dcm': 'JPEG Baseline 3x3',
  'SC_rgb_gdcm_KY.dcm': 'JPEG 2000 RGB',
  'SC_rgb_rle.dcm': 'RLE RGB 8-bit',
  'SC_rgb_rle_2frame.dcm': 'RLE RGB 8-bit, 2 frames',
  'SC_rgb_rle_16bit.dcm': 'RLE RGB 16-bit',
  'SC_rgb_rle_16bit_2frame.dcm': 'RLE RGB 16-bit, 2 frames',
  'SC_rgb_rle_32bit.dcm': 'RLE RGB 32-bit',
  'SC_rgb_rle_32bit_2frame.dcm': 'RLE RGB 32-bit, 2 frames',
  'rtdose.dcm': 'RT Dose, 32-bit, 15 frames, Implicit VR',
  'rtdose_expb.dcm': 'RT Dose, 32-bit, 15 frames, Explicit VR Big Endian',
  'liver_1frame.dcm': 'Segmentation, 1-bit pixels',
  'liver_expb_1frame.dcm': 'Segmentation, 1-bit pixels, Explicit VR Big Endian',
};

/** Files left out, and why (every .dcm in the folder is in one of the two lists). */
export const SKIPPED_FILES: Readonly<Record<string, string>> = {
  'ExplVR_BigEndNoMeta.dcm': 'RT Ion Plan (no pixels) without File Meta Information',
  'ExplVR_LitEndNoMeta.dcm': 'RT Ion Plan (no pixels) without File Meta Information',
  'JPEG-lossy.dcm': 'broken JPEG (invalid SOS parameters); JPGExtended.dcm is its fixed version',
  'JPEG2000-embedded-sequence-delimiter.dcm': 'codestream deliberately corrupted with a sequence delimiter',
  'MR_truncated.dcm': 'deliberately truncated',
  'MR_small_expb.dcm': 'same image and syntax as MR_small_bigendian.dcm',
  'SC_rgb_jpeg.dcm': 'does not parse (zeroed preamble followed by an invalid data set)',
  'UN_sequence.dcm': 'no pixel data (tests a UN-encoded sequence)',
  'badVR.dcm': 'deliberately invalid VR',
  'empty_charset_LEI.dcm': 'no pixel data (tests an empty Specific Character Set)',
  'meta_missing_tsyntax.dcm': 'File Meta Information without Transfer Syntax UID',
  'no_meta.dcm': 'no File Meta Information (not Part 10)',
  'no_meta_group_length.dcm': 'no File Meta Information group length',
  'nested_priv_SQ.dcm': 'no pixel data (private sequences)',
  'priv_SQ.dcm': 'no pixel data (private sequences)',
  'reportsi.dcm': 'structured report, not an image',
  'reportsi_with_empty_number_tags.dcm': 'structured report, not an image',
  'test-SR.dcm': 'structured report, not an image',
  'rtplan.dcm': 'RT Plan, not an image',
  'rtplan_truncated.dcm': 'RT Plan, deliberately truncated',
  'rtstruct.dcm': 'RT Structure Set, not an image',
  'waveform_ecg.dcm': 'ECG waveform, not an image',
  'rtdose_1frame.dcm': 'single-frame copy of rtdose.dcm',
  'rtdose_expb_1frame.dcm': 'single-frame copy of rtdose_expb.dcm',
  'SC_ybr_full_422_uncompressed.dcm':
    'Orthanc 1.10 cannot cut frames out of native YBR_FULL_422 (2 bytes per pixel): WADO-RS frames answers 400 "Bad file format" for every transfer syntax',
  'rtdose_rle.dcm': 'every attribute is encoded with VR UN (GDCM output): dcmodify cannot set new UIDs in it',
  'rtdose_rle_1frame.dcm': 'single-frame copy of rtdose_rle.dcm',
};

const PYDICOM_PACKAGE = 'python3-pydicom';
const SUBDIR = 'pydicom';

/** The folder of pydicom's bundled test files, as installed by Debian. */
export function pydicomTestFilesDir(): string {
  const listing = execFileSync('dpkg', ['-L', PYDICOM_PACKAGE], { encoding: 'utf8' });
  const dir = listing.split('\n').find((line) => line.endsWith('/pydicom/data/test_files'));
  if (!dir || !existsSync(dir)) throw new Error(`${PYDICOM_PACKAGE} is not installed (apt-get install ${PYDICOM_PACKAGE})`);
  return dir;
}

export const PYDICOM_STUDY = {
  key: 'pydicom',
  patientName: 'PYDICOM^TEST FILES',
  patientId: 'PYDICOM-TEST',
  issuerOfPatientId: 'READROOM-TEST',
  studyInstanceUID: deterministicUid('readroom/pydicom/study'),
  studyDate: '20200601',
  studyTime: '120000',
  accessionNumber: 'PYDICOM',
  description: 'pydicom test files',
} as const;

function seriesDescription(file: string, transferSyntaxUID: string): string {
  return `${file} (${transferSyntaxName(transferSyntaxUID)})`.slice(0, 64);
}

function rewrittenAttributes(file: string, seriesNumber: number, transferSyntaxUID: string): Record<string, string> {
  return {
    '0010,0010': PYDICOM_STUDY.patientName,
    '0010,0020': PYDICOM_STUDY.patientId,
    '0010,0021': PYDICOM_STUDY.issuerOfPatientId,
    '0010,0030': '',
    '0010,0040': 'O',
    '0020,000d': PYDICOM_STUDY.studyInstanceUID,
    '0008,0020': PYDICOM_STUDY.studyDate,
    '0008,0030': PYDICOM_STUDY.studyTime,
    '0008,0050': PYDICOM_STUDY.accessionNumber,
    '0008,0090': '',
    '0008,1030': PYDICOM_STUDY.description,
    '0020,0010': 'PYDICOM',
    '0020,000e': deterministicUid(`readroom/pydicom/series/${file}`),
    '0020,0011': String(seriesNumber),
    '0008,103e': seriesDescription(file, transferSyntaxUID),
    // dcmodify updates the Media Storage SOP Instance UID in the File Meta Information too.
    '0008,0018': deterministicUid(`readroom/pydicom/instance/${file}`),
  };
}

/** Copies one test file and rewrites its identity with dcmodify, which keeps its transfer syntax. */
async function rewriteIdentity(source: string, target: string, seriesNumber: number): Promise<void> {
  copyFileSync(source, target);
  const { transferSyntaxUID } = readImageHeader(source);
  const attributes = rewrittenAttributes(path.basename(source), seriesNumber, transferSyntaxUID);
  const args = Object.entries(attributes).flatMap(([tag, value]) => ['-i', `(${tag})=${value}`]);
  await runTool('dcmodify', ['-nb', '-q', ...args, target]);
  const written = readImageHeader(target).transferSyntaxUID;
  if (written !== transferSyntaxUID) throw new Error(`dcmodify changed ${target} from ${transferSyntaxUID} to ${written}`);
}

/** Writes the rewritten files under `outDir/pydicom/` and describes them as one study. */
export async function preparePydicomStudy(outDir: string, pool: TaskPool): Promise<ManifestStudy> {
  const sourceDir = pydicomTestFilesDir();
  const targetDir = path.join(outDir, SUBDIR);
  mkdirSync(targetDir, { recursive: true });
  const files = Object.keys(INCLUDED_FILES);
  for (const [index, file] of files.entries()) {
    await pool.submit(() => rewriteIdentity(path.join(sourceDir, file), path.join(targetDir, file), index + 1));
  }
  await pool.drain();
  const series = files.map((file, index): ManifestSeries => {
    const relative = `${SUBDIR}/${file}`;
    const { seriesInstanceUID, modality } = readImageHeader(path.join(outDir, relative));
    const instance = { ...describeInstance(outDir, relative), origin: `${PYDICOM_PACKAGE}: ${file} — ${INCLUDED_FILES[file]}` };
    return {
      seriesInstanceUID,
      seriesNumber: index + 1,
      modality,
      description: seriesDescription(file, instance.transferSyntaxUID),
      transferSyntaxUID: instance.transferSyntaxUID,
      instances: [instance],
    };
  });
  return { ...PYDICOM_STUDY, source: 'pydicom', series };
}
