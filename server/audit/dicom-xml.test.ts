import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { patientCx, toDicomAuditExport, toDicomAuditMessage, xmlAttribute, xmlText } from './dicom-xml.ts';
import { dicomQuery, instancesRetrieved, userAuthentication } from './record.ts';

const time = new Date('2026-12-02T10:00:00.000Z');
const archive = { sourceId: 'main', label: 'Main archive' };

/** Parses with a real XML parser (Python's expat) and returns what it read. */
function parsed(xml: string): { users: string[]; userNames: string[]; objectIds: string[]; outcomeText: string[]; root: string } {
  const script = `
import json, sys, xml.dom.minidom
doc = xml.dom.minidom.parseString(sys.stdin.buffer.read())
get = lambda tag, attr: [e.getAttribute(attr) for e in doc.getElementsByTagName(tag)]
texts = [''.join(n.data for n in e.childNodes) for e in doc.getElementsByTagName('EventOutcomeDescription')]
print(json.dumps({'users': get('ActiveParticipant', 'UserID'), 'userNames': get('ActiveParticipant', 'UserName'), 'objectIds': get('ParticipantObjectIdentification', 'ParticipantObjectID'), 'outcomeText': texts, 'root': doc.documentElement.tagName}))
`;
  const run = spawnSync('python3', ['-c', script], { input: xml, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`not well-formed XML: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReturnType<typeof parsed>;
}

describe('XML escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlAttribute(`"x" 'y'`)).toBe('&quot;x&quot; &apos;y&apos;');
  });

  it('keeps whitespace in attributes as character references and replaces what XML cannot carry', () => {
    expect(xmlAttribute('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(xmlText('nul\u0000 bell\u0007 lone\uD800 ok\u{1F600}')).toBe('nul\uFFFD bell\uFFFD lone\uFFFD ok\u{1F600}');
  });
});

describe('patient identifier (HL7 CX)', () => {
  it('is ID^^^Issuer, with HL7 delimiters in either escaped', () => {
    expect(patientCx('RR100001', 'NORDKLINIK')).toBe('RR100001^^^NORDKLINIK');
    expect(patientCx('A^B&C')).toBe('A\\S\\B\\T\\C');
    expect(patientCx('X|1~2\\', 'I^S')).toBe('X\\F\\1\\R\\2\\E\\^^^I\\S\\S');
  });
});

describe('DICOM audit message', () => {
  it('follows the PS3.15 A.5.1 element order with coded values', () => {
    const event = instancesRetrieved({
      time,
      sourceId: 'gw-1',
      requestor: { userId: 'ada', userName: 'Ada Okafor', address: '10.0.0.7' },
      archive,
      studyUid: '1.2.3',
      patient: { id: 'P1', issuer: 'HOSP' },
    });
    expect(toDicomAuditMessage(event)).toBe(
      '<AuditMessage>' +
        '<EventIdentification EventActionCode="R" EventDateTime="2026-12-02T10:00:00.000Z" EventOutcomeIndicator="0">' +
        '<EventID csd-code="110104" codeSystemName="DCM" originalText="DICOM Instances Transferred"/>' +
        '</EventIdentification>' +
        '<ActiveParticipant UserID="ada" UserName="Ada Okafor" UserIsRequestor="true" NetworkAccessPointID="10.0.0.7" NetworkAccessPointTypeCode="2">' +
        '<RoleIDCode csd-code="110152" codeSystemName="DCM" originalText="Destination Role ID"/></ActiveParticipant>' +
        '<ActiveParticipant UserID="main" UserName="Main archive" UserIsRequestor="false">' +
        '<RoleIDCode csd-code="110153" codeSystemName="DCM" originalText="Source Role ID"/></ActiveParticipant>' +
        '<AuditSourceIdentification AuditSourceID="gw-1"><AuditSourceTypeCode csd-code="4"/></AuditSourceIdentification>' +
        '<ParticipantObjectIdentification ParticipantObjectID="1.2.3" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3">' +
        '<ParticipantObjectIDTypeCode csd-code="110180" codeSystemName="DCM" originalText="Study Instance UID"/></ParticipantObjectIdentification>' +
        '<ParticipantObjectIdentification ParticipantObjectID="P1^^^HOSP" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">' +
        '<ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/></ParticipantObjectIdentification>' +
        '</AuditMessage>',
    );
  });

  it('puts the query and its details in base64', () => {
    const event = dicomQuery({ time, sourceId: 'gw', requestor: { userId: 'ada', address: '::1' }, archive, query: '/studies?PatientName=<b>*' });
    const xml = toDicomAuditMessage(event);
    const query = /<ParticipantObjectQuery>([^<]*)<\/ParticipantObjectQuery>/.exec(xml)?.[1];
    expect(Buffer.from(query!, 'base64').toString('utf8')).toBe('/studies?PatientName=<b>*');
    expect(xml).toContain(`<ParticipantObjectDetail type="QueryEncoding" value="${Buffer.from('UTF-8').toString('base64')}"/>`);
  });

  it('stays well-formed with hostile strings, and a parser reads them back as they were', () => {
    const hostile = `x"/><Evil a='1'>&amp;</Evil><!--\n\t`;
    const event = userAuthentication({
      kind: 'login',
      time,
      sourceId: 'gw',
      outcome: 4,
      outcomeDescription: `]]><script>alert(1)</script>\u0000`,
      requestor: { userId: hostile, userName: 'Ünïcødé <name>', address: '203.0.113.9' },
    });
    const withPatient = instancesRetrieved({
      time,
      sourceId: 'gw',
      requestor: { userId: 'ada', address: '1.1.1.1' },
      archive,
      studyUid: '1.2',
      patient: { id: `<id>&"'`, issuer: '<issuer>' },
    });
    const read = parsed(toDicomAuditExport([event, withPatient]));
    expect(read.root).toBe('AuditMessages');
    expect(read.users).toEqual([hostile, 'ada', 'main']);
    expect(read.userNames).toEqual(['Ünïcødé <name>', '', 'Main archive']);
    expect(read.outcomeText).toEqual([`]]><script>alert(1)</script>\uFFFD`]);
    expect(read.objectIds).toEqual(['1.2', `<id>\\T\\"'^^^<issuer>`]);
  });
});
