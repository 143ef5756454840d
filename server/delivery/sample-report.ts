import type { SignedReport } from './signed-report.ts';

/** A signed report for the delivery tests (not used at runtime). Text with every HL7 delimiter and non-ASCII. */
export function sampleReport(overrides: Partial<SignedReport> = {}): SignedReport {
  return {
    reportId: 'rpt-0001',
    version: 1,
    status: 'final',
    sourceId: 'dev',
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.11',
    accessionNumber: 'ACC-2026-001',
    patient: { id: 'PAT-42', issuer: 'HOSPITAL_A', name: 'Müller^Anna^Maria', birthDate: '19700214', sex: 'F' },
    study: { date: '20261201', time: '101500', description: 'CT CHEST WITH CONTRAST', modalities: ['CT'], referringPhysician: 'Ref^Rita' },
    author: { username: 'radiologist', displayName: 'Dr. Ada Reader' },
    signedAt: '2026-12-03T13:45:10.123Z',
    sections: [
      { title: 'Findings', text: 'Nodule 6 mm | right upper lobe ^ segment ~ 2 & stable \\ unchanged.\nNo effusion.' },
      { title: 'Impression', text: 'Stable 6 mm nodule. No acute finding.' },
    ],
    references: [
      { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.12', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.826.0.1.3680043.8.498.13' },
      {
        seriesInstanceUid: '1.2.826.0.1.3680043.8.498.12',
        sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
        sopInstanceUid: '1.2.826.0.1.3680043.8.498.14',
        frameNumber: 1,
      },
    ],
    ...overrides,
  };
}
