export interface SignedReport {
  reportId: string;            // unique id of this signed version (report's DB id)
  version: number;             // 1, then +1 per re-sign or addendum
  status: 'preliminary' | 'final' | 'amended';   // amended: an addendum to a final report
  sourceId: string;            // the data source (archive) of the study
  studyInstanceUid: string;
  accessionNumber: string;     // '' if none
  patient: { id: string; issuer: string; name: string; birthDate: string; sex: string }; // DICOM forms
  study: { date: string; time: string; description: string; modalities: string[]; referringPhysician: string };
  author: { username: string; displayName: string };
  signedAt: string;            // ISO 8601
  sections: Array<{ title: string; text: string }>;   // at least Findings, Impression (in that order)
  comparison?: { studyInstanceUid: string; date: string; description: string };
  addendum?: { text: string; amendsReportId: string };
  references: Array<{ seriesInstanceUid: string; sopClassUid: string; sopInstanceUid: string; frameNumber?: number }>;
}
