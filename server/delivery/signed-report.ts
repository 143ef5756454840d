/**
 * A signed report as it leaves the report editor (server/reports) for delivery (server/delivery): every
 * fact the SR, FHIR and HL7 builders need, gathered at sign time. Pure types, no imports: the report
 * branch keeps a verbatim copy of this file.
 */

export interface SignedReport {
  reportId: string; // unique id of this signed version (report's DB id)
  version: number; // 1, then +1 per re-sign or addendum
  status: 'preliminary' | 'final' | 'amended'; // amended: an addendum to a final report
  sourceId: string; // the data source (archive) of the study
  studyInstanceUid: string;
  accessionNumber: string; // '' if none
  patient: { id: string; issuer: string; name: string; birthDate: string; sex: string }; // DICOM forms
  study: { date: string; time: string; description: string; modalities: string[]; referringPhysician: string };
  author: { username: string; displayName: string };
  signedAt: string; // ISO 8601
  sections: Array<{ title: string; text: string }>; // at least Findings, Impression (in that order)
  comparison?: { studyInstanceUid: string; date: string; description: string };
  addendum?: { text: string; amendsReportId: string };
  references: Array<{ seriesInstanceUid: string; sopClassUid: string; sopInstanceUid: string; frameNumber?: number }>;
}
