import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPart10 } from '../../src/gsps/dcmjs.ts';
import { runValidator } from '../../scripts/testing/gsps-tools.ts';
import { BASIC_TEXT_SR, buildReportSr, personNameOf, writeReportSr } from './build-sr.ts';
import { sampleReport } from './sample-report.ts';
import type { SignedReport } from './signed-report.ts';
import { srUids } from './sr-uids.ts';

type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = mkdtempSync(join(tmpdir(), 'readroom-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OPTIONS = { institutionName: 'Readroom Teleradiology' };

const CASES: Record<string, SignedReport> = {
  final: sampleReport(),
  preliminary: sampleReport({ status: 'preliminary', reportId: 'rpt-p', references: [] }),
  addendum: sampleReport({ status: 'amended', reportId: 'rpt-2', version: 2, addendum: { text: 'Also a rib fracture.', amendsReportId: 'rpt-0001' } }),
  'multi-frame reference, ASCII only': sampleReport({
    reportId: 'rpt-mf',
    patient: { id: 'P1', issuer: '', name: 'Doe^Jane', birthDate: '', sex: '' },
    references: [{ seriesInstanceUid: '1.2.3.4', sopClassUid: '1.2.840.10008.5.1.4.1.1.3.1', sopInstanceUid: '1.2.3.4.5', frameNumber: 7 }],
  }),
};

describe.each(Object.entries(CASES))('SR of a %s report', (name, report) => {
  it('passes dciodvfy without errors', async () => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.dcm`);
    writeFileSync(file, new Uint8Array(writeReportSr(report, OPTIONS)));
    const { output } = await runValidator('dciodvfy', [file]);
    expect(output).toMatch(/BasicTextSR/);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  });
});

describe('SR content', () => {
  it('is in the report’s study, in a series and instance derived from the report id (a retry stores the same object)', () => {
    const report = sampleReport();
    const sr = buildReportSr(report, OPTIONS);
    expect(sr['SOPClassUID']).toBe(BASIC_TEXT_SR);
    expect(sr['StudyInstanceUID']).toBe(report.studyInstanceUid);
    expect(sr['SeriesInstanceUID']).toBe(srUids('rpt-0001').seriesInstanceUid);
    expect(sr['SOPInstanceUID']).toBe(srUids('rpt-0001').sopInstanceUid);
    expect(srUids('rpt-0001').sopInstanceUid).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(srUids('rpt-0002').sopInstanceUid).not.toBe(srUids('rpt-0001').sopInstanceUid);
    expect(Buffer.from(writeReportSr(report, OPTIONS)).equals(Buffer.from(writeReportSr(report, OPTIONS)))).toBe(true);
  });

  it('is COMPLETE and VERIFIED by the author for a final report, UNVERIFIED without verifier for a preliminary one', () => {
    const final = buildReportSr(sampleReport(), OPTIONS) as Item;
    expect(final['CompletionFlag']).toBe('COMPLETE');
    expect(final['VerificationFlag']).toBe('VERIFIED');
    expect(final['VerifyingObserverSequence'][0]).toMatchObject({
      VerifyingObserverName: [{ Alphabetic: 'Reader^Dr. Ada' }],
      VerificationDateTime: '20261203134510+0000',
    });
    expect(final['AuthorObserverSequence'][0]).toMatchObject({ ObserverType: 'PSN', PersonName: [{ Alphabetic: 'Reader^Dr. Ada' }] });
    const preliminary = buildReportSr(sampleReport({ status: 'preliminary' }), OPTIONS) as Item;
    expect(preliminary['CompletionFlag']).toBe('COMPLETE');
    expect(preliminary['VerificationFlag']).toBe('UNVERIFIED');
    expect(preliminary['VerifyingObserverSequence']).toBeUndefined();
  });

  it('has the title 18748-4, Findings and Impression containers with their text, the images and the evidence', () => {
    const report = sampleReport();
    const sr = buildReportSr(report, OPTIONS) as Item;
    expect(sr['ConceptNameCodeSequence'][0]).toMatchObject({ CodeValue: '18748-4', CodingSchemeDesignator: 'LN' });
    const containers = (sr['ContentSequence'] as Item[]).filter((i) => i['ValueType'] === 'CONTAINER');
    expect(containers.map((c) => c['ConceptNameCodeSequence'][0].CodeMeaning)).toEqual(['Findings', 'Impressions']);
    const findings = containers[0]!['ContentSequence'] as Item[];
    expect(findings[0]).toMatchObject({ ValueType: 'TEXT', TextValue: report.sections[0]!.text });
    expect(findings.filter((i) => i['ValueType'] === 'IMAGE').map((i) => i['ReferencedSOPSequence'][0].ReferencedSOPInstanceUID)).toEqual([
      '1.2.826.0.1.3680043.8.498.13',
      '1.2.826.0.1.3680043.8.498.14',
    ]);
    // A CT image is single-frame: no frame number.
    expect(findings.at(-1)!['ReferencedSOPSequence'][0].ReferencedFrameNumber).toBeUndefined();
    expect(sr['CurrentRequestedProcedureEvidenceSequence'][0]).toMatchObject({ StudyInstanceUID: report.studyInstanceUid });
    expect(sr['CurrentRequestedProcedureEvidenceSequence'][0].ReferencedSeriesSequence[0].ReferencedSOPSequence).toHaveLength(2);
    expect(sr['SpecificCharacterSet']).toBe('ISO_IR 192');
  });

  it('names the amended report’s SR as predecessor of an addendum, and adds the addendum section', () => {
    const sr = buildReportSr(CASES['addendum']!, OPTIONS) as Item;
    const predecessor = sr['PredecessorDocumentsSequence'][0];
    expect(predecessor.ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID).toBe(srUids('rpt-0001').sopInstanceUid);
    const sections = (sr['ContentSequence'] as Item[]).filter((i) => i['ValueType'] === 'CONTAINER');
    expect(sections.at(-1)!['ContentSequence'][0].TextValue).toBe('Also a rib fracture.');
  });

  it('reads back with the text intact (UTF-8, a backslash kept in the UT value)', () => {
    const bytes = writeReportSr(sampleReport(), OPTIONS);
    const { dataset } = readPart10(bytes);
    expect((dataset['PatientName'] as Item[])[0]!['Alphabetic']).toBe('Müller^Anna^Maria');
    // dcmjs's reader splits a UT value at "\\" as if it were multi-valued; the bytes hold the text as written.
    expect(Buffer.from(bytes).includes(Buffer.from(sampleReport().sections[0]!.text, 'utf8'))).toBe(true);
  });

  it('writes a display name as a person name', () => {
    expect(personNameOf('Ada Reader')).toBe('Reader^Ada');
    expect(personNameOf('Reader^Ada')).toBe('Reader^Ada');
    expect(personNameOf('radiologist')).toBe('radiologist');
  });
});
