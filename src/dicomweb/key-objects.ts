import { getNumbers, getString, type DicomJsonDataset } from './dicom-json.ts';

/**
 * Reads a Key Object Selection document (KOS, SOP class 1.2.840.10008.5.1.4.1.1.88.59, TID 2010) from its
 * DICOM JSON metadata: the document title (CID 7010, e.g. 113008 "For Peer Review") and the images it
 * selects, with their series from the Current Requested Procedure Evidence Sequence. Pure: no fetching.
 * The values are DICOM strings (untrusted): shown as text only.
 */

export const KOS_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.88.59';

const T = {
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  SeriesInstanceUID: '0020000E',
  StudyInstanceUID: '0020000D',
  ContentDate: '00080023',
  ContentTime: '00080033',
  ConceptNameCodeSequence: '0040A043',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
  ContentSequence: '0040A730',
  ValueType: '0040A040',
  TextValue: '0040A160',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  ReferencedFrameNumber: '00081160',
  CurrentRequestedProcedureEvidenceSequence: '0040A375',
  ReferencedSeriesSequence: '00081115',
} as const;

/** Titles of CID 7010 a reader may meet, for a title whose Code Meaning is missing. */
const TITLE_MEANINGS: Record<string, string> = {
  '113000': 'Of Interest',
  '113001': 'Rejected for Quality Reasons',
  '113002': 'For Referring Provider',
  '113003': 'For Surgery',
  '113004': 'For Teaching',
  '113005': 'For Conference',
  '113006': 'For Therapy',
  '113007': 'For Patient',
  '113008': 'For Peer Review',
  '113009': 'For Research',
  '113010': 'Quality Issue',
  '113013': 'Best In Set',
  '113018': 'For Printing',
  '113020': 'For Report Attachment',
};

export interface KeyImageRef {
  studyInstanceUID: string | undefined;
  seriesInstanceUID: string | undefined;
  sopClassUID: string | undefined;
  sopInstanceUID: string;
  /** 1-based frames selected; undefined: the whole instance (every frame). */
  frameNumbers: number[] | undefined;
  /** The presentation state the document names to show the image with (nested Referenced SOP Sequence). */
  presentationState?: { sopClassUID: string | undefined; sopInstanceUID: string; seriesInstanceUID: string | undefined };
}

export interface KeyObjectSelection {
  sopInstanceUID: string;
  seriesInstanceUID: string | undefined;
  titleCode: string | undefined;
  /** The title as shown: the Code Meaning, or CID 7010's meaning of the code, or "Key images". */
  title: string;
  /** Key Object Description (113012), when the document has one. */
  description: string | undefined;
  /** DA and TM of the content, "" when absent. */
  contentDate: string;
  contentTime: string;
  images: KeyImageRef[];
}

function items(ds: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (ds[tag]?.Value ?? []).filter((v): v is DicomJsonDataset => typeof v === 'object' && v !== null);
}

/** SOP instance → its series and study, from the evidence sequence. */
function evidenceOf(ds: DicomJsonDataset): Map<string, { studyInstanceUID: string | undefined; seriesInstanceUID: string | undefined }> {
  const map = new Map<string, { studyInstanceUID: string | undefined; seriesInstanceUID: string | undefined }>();
  for (const study of items(ds, T.CurrentRequestedProcedureEvidenceSequence)) {
    const studyInstanceUID = getString(study, T.StudyInstanceUID);
    for (const series of items(study, T.ReferencedSeriesSequence)) {
      const seriesInstanceUID = getString(series, T.SeriesInstanceUID);
      for (const sop of items(series, T.ReferencedSOPSequence)) {
        const uid = getString(sop, T.ReferencedSOPInstanceUID);
        if (uid) map.set(uid, { studyInstanceUID, seriesInstanceUID });
      }
    }
  }
  return map;
}

export function isKeyObjectSelection(ds: DicomJsonDataset): boolean {
  return getString(ds, T.SOPClassUID) === KOS_SOP_CLASS_UID;
}

/** The KOS document in `ds`, or undefined when it is not one (another SOP class, no instance UID). */
export function readKeyObjectSelection(ds: DicomJsonDataset): KeyObjectSelection | undefined {
  const sopInstanceUID = getString(ds, T.SOPInstanceUID);
  if (!isKeyObjectSelection(ds) || !sopInstanceUID) return undefined;
  const concept = items(ds, T.ConceptNameCodeSequence)[0];
  const titleCode = concept && getString(concept, T.CodeValue);
  const meaning = concept && getString(concept, T.CodeMeaning)?.trim();
  const evidence = evidenceOf(ds);
  const images: KeyImageRef[] = [];
  const seen = new Set<string>();
  let description: string | undefined;
  for (const item of items(ds, T.ContentSequence)) {
    const valueType = getString(item, T.ValueType);
    if (valueType === 'TEXT') {
      const code = items(item, T.ConceptNameCodeSequence)[0];
      if (code && getString(code, T.CodeValue) === '113012') description = getString(item, T.TextValue);
      continue;
    }
    if (valueType !== 'IMAGE') continue;
    for (const sop of items(item, T.ReferencedSOPSequence)) {
      const uid = getString(sop, T.ReferencedSOPInstanceUID);
      if (!uid) continue;
      const frames = getNumbers(sop, T.ReferencedFrameNumber).filter((n) => Number.isInteger(n) && n > 0);
      const key = `${uid}/${frames.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = evidence.get(uid);
      const state = items(sop, T.ReferencedSOPSequence)[0];
      const stateUID = state && getString(state, T.ReferencedSOPInstanceUID);
      images.push({
        studyInstanceUID: where?.studyInstanceUID,
        seriesInstanceUID: where?.seriesInstanceUID,
        sopClassUID: getString(sop, T.ReferencedSOPClassUID),
        sopInstanceUID: uid,
        frameNumbers: frames.length > 0 ? frames : undefined,
        ...(stateUID
          ? {
              presentationState: {
                sopClassUID: getString(state, T.ReferencedSOPClassUID),
                sopInstanceUID: stateUID,
                seriesInstanceUID: evidence.get(stateUID)?.seriesInstanceUID,
              },
            }
          : {}),
      });
    }
  }
  return {
    sopInstanceUID,
    seriesInstanceUID: getString(ds, T.SeriesInstanceUID),
    titleCode,
    title: meaning || (titleCode && TITLE_MEANINGS[titleCode]) || 'Key images',
    description,
    contentDate: getString(ds, T.ContentDate) ?? '',
    contentTime: getString(ds, T.ContentTime) ?? '',
    images,
  };
}
