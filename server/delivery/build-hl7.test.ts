import { describe, expect, it } from 'vitest';
import { buildOruR01, escapeHl7, hl7Time, parseAck, resultStatus, unescapeHl7 } from './build-hl7.ts';
import { sampleReport } from './sample-report.ts';

const OPTIONS = { sendingFacility: 'TELERAD', receivingApplication: 'RIS', receivingFacility: 'HOSPITAL A' };

function segments(message: string): string[][] {
  return message
    .split('\r')
    .filter(Boolean)
    .map((s) => s.split('|'));
}

describe('HL7 escaping', () => {
  it('escapes every delimiter, the escape character first, and reads it back', () => {
    const text = 'a|b^c~d\\e&f';
    expect(escapeHl7(text)).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
    expect(unescapeHl7(escapeHl7(text))).toBe(text);
  });

  it('turns line breaks into \\.br\\ in text fields and spaces elsewhere, and drops other control characters', () => {
    expect(escapeHl7('one\r\ntwo\nthree', { lineBreaks: 'escape' })).toBe('one\\.br\\two\\.br\\three');
    expect(escapeHl7('one\ntwo')).toBe('one two');
    expect(escapeHl7('a\u000bb\u001cc')).toBe('a b c');
    expect(unescapeHl7('one\\.br\\two')).toBe('one\ntwo');
  });
});

describe('ORU^R01 of a signed report', () => {
  const report = sampleReport();
  const message = buildOruR01(report, 'RRCTRL0001', OPTIONS);
  const [msh, pid, obr, ...obx] = segments(message);

  it('has MSH with the sending and receiving names, the control id, ORU^R01 and version 2.5.1', () => {
    expect(message.endsWith('\r')).toBe(true);
    expect(msh!.slice(0, 12)).toEqual([
      'MSH',
      '^~\\&',
      'READROOM',
      'TELERAD',
      'RIS',
      'HOSPITAL A',
      '20261203134510+0000',
      '',
      'ORU^R01^ORU_R01',
      'RRCTRL0001',
      'P',
      '2.5.1',
    ]);
    // Non-ASCII text (Müller): the character set is declared.
    expect(msh![17]).toBe('UNICODE UTF-8');
  });

  it('has PID with the patient id and the issuer as assigning authority, name, birth date and sex', () => {
    expect(pid![3]).toBe('PAT-42^^^HOSPITAL_A^MR');
    expect(pid![5]).toBe('Müller^Anna^Maria');
    expect(pid![7]).toBe('19700214');
    expect(pid![8]).toBe('F');
  });

  it('has OBR with the accession as placer and filler order number, the observation time, result status and interpreter', () => {
    expect(obr![2]).toBe('ACC-2026-001');
    expect(obr![3]).toBe('ACC-2026-001');
    expect(obr![4]).toBe('18748-4^CT CHEST WITH CONTRAST^LN');
    expect(obr![7]).toBe('20261201101500');
    expect(obr![18]).toBe('ACC-2026-001');
    expect(obr![25]).toBe('F');
    expect(obr![32]).toBe('radiologist&Reader&Dr. Ada');
  });

  it('has one FT OBX per section with the escaped text and the result status', () => {
    expect(obx).toHaveLength(2);
    expect(obx[0]!.slice(0, 4)).toEqual(['OBX', '1', 'FT', '59776-5^Procedure findings Narrative^LN']);
    expect(obx[0]![5]).toBe('Nodule 6 mm \\F\\ right upper lobe \\S\\ segment \\R\\ 2 \\T\\ stable \\E\\ unchanged.\\.br\\No effusion.');
    expect(unescapeHl7(obx[0]![5]!)).toBe(report.sections[0]!.text);
    expect(obx[1]![3]).toBe('19005-8^Radiology Imaging study [Impression] (narrative)^LN');
    expect(obx.map((s) => s[11])).toEqual(['F', 'F']);
  });

  it('gives result status P for a preliminary report and C (with the addendum as an OBX) for an addendum', () => {
    expect(resultStatus({ status: 'preliminary' })).toBe('P');
    const amended = buildOruR01(
      sampleReport({ status: 'amended', addendum: { text: 'Also a rib fracture.', amendsReportId: 'rpt-0000' } }),
      'RRCTRL0002',
      OPTIONS,
    );
    const parsed = segments(amended);
    expect(parsed.find((s) => s[0] === 'OBR')![25]).toBe('C');
    const last = parsed.at(-1)!;
    expect(last[3]).toBe('55107-7^Addendum Document^LN');
    expect(last[5]).toBe('Also a rib fracture.');
    expect(last[11]).toBe('C');
  });

  it('is the same message on every build, and refuses a control id that is not one', () => {
    expect(buildOruR01(report, 'RRCTRL0001', OPTIONS)).toBe(message);
    expect(() => buildOruR01(report, 'A|B', OPTIONS)).toThrow(RangeError);
    expect(() => buildOruR01(report, 'X'.repeat(21), OPTIONS)).toThrow(RangeError);
  });

  it('declares no character set for ASCII-only messages', () => {
    const ascii = buildOruR01(sampleReport({ patient: { id: '1', issuer: '', name: 'Doe^John', birthDate: '', sex: 'M' } }), 'C1', OPTIONS);
    expect(segments(ascii)[0]![17]).toBeUndefined();
    expect(segments(ascii)[1]![3]).toBe('1^^^^MR');
  });

  it('writes times in UTC with their offset', () => {
    expect(hl7Time('2026-12-03T23:59:59.900+02:00')).toBe('20261203215959+0000');
  });
});

describe('ACK', () => {
  it('reads MSA-1, MSA-2 and the text of MSA-3 or ERR', () => {
    expect(parseAck('MSH|^~\\&|RIS|H|READROOM|T|20261203||ACK^R01|A1|P|2.5.1\rMSA|AA|RRCTRL0001\r')).toEqual({ code: 'AA', controlId: 'RRCTRL0001', text: '' });
    expect(parseAck('MSH|^~\\&|RIS|H\rMSA|AE|C1|Database busy \\T\\ locked\r')).toEqual({ code: 'AE', controlId: 'C1', text: 'Database busy & locked' });
    expect(parseAck('MSH|^~\\&|RIS|H\rMSA|AR|C1\rERR||||E|||Unknown patient\r')).toEqual({ code: 'AR', controlId: 'C1', text: 'Unknown patient' });
  });

  it('is not an ACK without MSH or MSA, or with an unknown code', () => {
    expect(parseAck('hello')).toBeUndefined();
    expect(parseAck('MSH|^~\\&|RIS\r')).toBeUndefined();
    expect(parseAck('MSH|^~\\&|RIS\rMSA|OK|C1\r')).toBeUndefined();
  });
});
