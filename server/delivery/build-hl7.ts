import { isDefaultRepertoire } from '../../src/gsps/dicom-values.ts';
import type { SignedReport } from './signed-report.ts';

/**
 * The HL7 v2.5.1 ORU^R01 of a signed report, hand-written (the npm HL7 libraries are parsers or MLLP
 * clients; none builds and escapes 2.5.1 messages better than these few lines, which are unit-tested).
 * Pure: the control id comes from the outbox row and every time from the report, so a retry is the
 * same message. Segments end with CR; encoding characters `^~\&`.
 *
 * OBR: placer (OBR-2) and filler (OBR-3) order numbers and placer field 1 (OBR-18) carry the accession
 * number; OBR-25 and each OBX-11 the result status P (preliminary), F (final) or C (correction: an
 * addendum); OBR-32 the principal result interpreter. One OBX per section, value type FT, lines joined
 * with the `\.br\` escape.
 */

export interface Hl7Options {
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-11: P production, T training, D debugging. */
  processingId?: 'P' | 'T' | 'D';
}

/** Escapes the delimiters (and a line break, for text types as `\.br\`) of one component. */
export function escapeHl7(value: string, options: { lineBreaks?: 'escape' | 'space' } = {}): string {
  const escaped = value.replace(/\\/g, '\\E\\').replace(/\|/g, '\\F\\').replace(/\^/g, '\\S\\').replace(/&/g, '\\T\\').replace(/~/g, '\\R\\');
  const breaks = options.lineBreaks === 'escape' ? '\\.br\\' : ' ';
  return (
    escaped
      .replace(/\r\n|\r|\n/g, breaks)
      // Other control characters would break the framing or the segment structure.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
  );
}

/** Undoes escapeHl7 (and reads `\.br\` as a line break): for ACK texts and the tests. */
export function unescapeHl7(value: string): string {
  return value.replace(/\\(E|F|S|T|R|\.br|X[0-9A-Fa-f]*|H|N)\\/g, (_, code: string) => {
    if (code === 'E') return '\\';
    if (code === 'F') return '|';
    if (code === 'S') return '^';
    if (code === 'T') return '&';
    if (code === 'R') return '~';
    if (code === '.br') return '\n';
    return '';
  });
}

/** Components joined with `^` (each escaped), trailing empty ones dropped. */
function components(...values: string[]): string {
  const parts = values.map((v) => escapeHl7(v));
  while (parts.length > 0 && parts.at(-1) === '') parts.pop();
  return parts.join('^');
}

function segment(name: string, fields: string[]): string {
  const list = [...fields];
  while (list.length > 0 && list.at(-1) === '') list.pop();
  return [name, ...list].join('|');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** DTM in UTC with its offset, from an ISO time. */
export function hl7Time(isoTime: string): string {
  const t = new Date(isoTime);
  if (Number.isNaN(t.getTime())) throw new RangeError(`Not a time: ${isoTime}`);
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}+0000`;
}

/** DICOM DA + TM as a DTM (local time of the modality: no offset known). */
function studyTime(date: string, time: string): string {
  if (!/^[0-9]{8}$/.test(date)) return '';
  const hhmmss = /^[0-9]{2,6}/.exec(time)?.[0] ?? '';
  return `${date}${hhmmss.length % 2 === 0 ? hhmmss : ''}`;
}

/** DICOM PN `Family^Given^Middle^Prefix^Suffix` as XPN `Family^Given^Middle^Suffix^Prefix`. */
function xpn(pn: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn.split('=')[0]!.split('^');
  return components(family, given, middle, suffix, prefix);
}

/** A display name split as "Given … Family" (or a DICOM PN) into family and given names. */
function familyGiven(displayName: string): [string, string] {
  const name = displayName.trim();
  if (name.includes('^')) {
    const [family = '', given = ''] = name.split('^');
    return [family, given];
  }
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length < 2) return [name, ''];
  return [words.at(-1)!, words.slice(0, -1).join(' ')];
}

const SEX = new Set(['M', 'F', 'O', 'U', 'A', 'N']);

export function resultStatus(report: Pick<SignedReport, 'status'>): 'P' | 'F' | 'C' {
  return report.status === 'preliminary' ? 'P' : report.status === 'final' ? 'F' : 'C';
}

/** LOINC codes of the usual sections (OBX-3); others get a local code. */
const SECTION_CODES: Record<string, [string, string, string]> = {
  findings: ['59776-5', 'Procedure findings Narrative', 'LN'],
  impression: ['19005-8', 'Radiology Imaging study [Impression] (narrative)', 'LN'],
  comparison: ['18834-2', 'Radiology Comparison study (narrative)', 'LN'],
  technique: ['55111-9', 'Current imaging procedure descriptions Document', 'LN'],
  'clinical information': ['55752-0', 'Clinical information', 'LN'],
  recommendations: ['18783-1', 'Radiology Study recommendation (narrative)', 'LN'],
  addendum: ['55107-7', 'Addendum Document', 'LN'],
};

function sectionCode(title: string): string {
  const known = SECTION_CODES[title.trim().toLowerCase()];
  if (known) return components(...known);
  const local =
    title
      .trim()
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .slice(0, 20) || 'SECTION';
  return components(local, title.trim(), 'L');
}

export function buildOruR01(report: SignedReport, controlId: string, options: Hl7Options): string {
  if (!/^[A-Za-z0-9._-]{1,20}$/.test(controlId)) throw new RangeError(`Not a message control id: ${controlId}`);
  const status = resultStatus(report);
  const signed = hl7Time(report.signedAt);
  const [authorFamily, authorGiven] = familyGiven(report.author.displayName || report.author.username);
  const interpreterNdl = [report.author.username, authorFamily, authorGiven].map((v) => escapeHl7(v)).join('&');
  const interpreterXcn = components(report.author.username, authorFamily, authorGiven);
  const accession = escapeHl7(report.accessionNumber);
  const description = report.study.description.trim() || 'Diagnostic imaging study';
  const sections = [...report.sections.filter((s) => s.text.trim() !== '')];
  if (report.addendum) sections.push({ title: 'Addendum', text: report.addendum.text });
  const allText = [...sections.map((s) => s.text), report.patient.name, report.author.displayName, description].join('');
  const sex = report.patient.sex.trim().toUpperCase();

  const msh = segment('MSH', [
    '^~\\&',
    'READROOM',
    escapeHl7(options.sendingFacility),
    escapeHl7(options.receivingApplication),
    escapeHl7(options.receivingFacility),
    signed,
    '',
    'ORU^R01^ORU_R01',
    controlId,
    options.processingId ?? 'P',
    '2.5.1',
    '',
    '',
    // MSH-15/16 empty: original acknowledgment mode (the receiver answers AA / AE / AR).
    '',
    '',
    '',
    isDefaultRepertoire(allText) ? '' : 'UNICODE UTF-8',
  ]);
  const pid = segment('PID', [
    '1',
    '',
    // CX: ID ^ check digit ^ scheme ^ assigning authority (HD: namespace) ^ identifier type
    [escapeHl7(report.patient.id), '', '', escapeHl7(report.patient.issuer), 'MR'].join('^'),
    '',
    xpn(report.patient.name),
    '',
    /^[0-9]{8}$/.test(report.patient.birthDate) ? report.patient.birthDate : '',
    SEX.has(sex) ? sex : '',
  ]);
  const obrFields: string[] = [];
  obrFields[0] = '1';
  obrFields[1] = accession;
  obrFields[2] = accession;
  obrFields[3] = components('18748-4', description, 'LN');
  obrFields[6] = studyTime(report.study.date, report.study.time);
  obrFields[17] = accession;
  obrFields[21] = signed;
  obrFields[23] = 'RAD';
  obrFields[24] = status;
  obrFields[31] = interpreterNdl;
  const obr = segment(
    'OBR',
    Array.from({ length: 32 }, (_, i) => obrFields[i] ?? ''),
  );
  const obx = sections.map((s, index) =>
    segment('OBX', [
      String(index + 1),
      'FT',
      sectionCode(s.title),
      '',
      escapeHl7(s.text.trim(), { lineBreaks: 'escape' }),
      '',
      '',
      '',
      '',
      '',
      status,
      '',
      '',
      signed,
      '',
      interpreterXcn,
    ]),
  );
  return [msh, pid, obr, ...obx].join('\r') + '\r';
}

export interface Ack {
  code: 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';
  controlId: string;
  /** MSA-3 or the first ERR's user message / diagnostic, unescaped; '' when none. */
  text: string;
}

/** Reads the MSA (and ERR) of an ACK; undefined when it is not one. */
export function parseAck(message: string): Ack | undefined {
  const segments = message.split(/\r\n|\r|\n/).filter(Boolean);
  const msh = segments.find((s) => s.startsWith('MSH'));
  if (!msh || msh.length < 8) return undefined;
  const fieldSeparator = msh[3]!;
  const msa = segments.find((s) => s.startsWith(`MSA${fieldSeparator}`));
  if (!msa) return undefined;
  const fields = msa.split(fieldSeparator);
  const code = fields[1]?.trim().toUpperCase();
  if (!code || !['AA', 'AE', 'AR', 'CA', 'CE', 'CR'].includes(code)) return undefined;
  const err = segments.find((s) => s.startsWith(`ERR${fieldSeparator}`))?.split(fieldSeparator);
  const errText = err ? [err[8], err[7], err[1]].find((v) => v && v.trim()) : undefined;
  const text = unescapeHl7((fields[3]?.trim() || errText || '').replace(/\^/g, ' ')).trim();
  return { code: code as Ack['code'], controlId: fields[2]?.trim() ?? '', text: text.slice(0, 500) };
}
