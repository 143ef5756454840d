import { randomBytes } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import type { SourceConfig } from '../config.ts';
import { buildDiagnosticReport, reportIdentifierQuery } from './build-fhir.ts';
import { buildOruR01, parseAck, type Hl7Options } from './build-hl7.ts';
import { writeReportSr } from './build-sr.ts';
import type { SendOutcome } from './destinations.ts';
import { MllpError, sendMllp, type MllpTarget } from './mllp.ts';
import type { KosOutboxRow, OutboxRow } from './outbox-store.ts';
import { writeKos } from '../peer-review/build-kos.ts';

/**
 * One sender per destination: builds the message from the outbox row (the same message on every try)
 * and tells what the receiver made of it. Errors keep the receiver's own words, cut to 500 characters,
 * and never the report's text.
 */

export type Sender = (row: OutboxRow, signal: AbortSignal) => Promise<SendOutcome>;
/** Sends a peer review's key image selection (server/peer-review) from the same outbox. */
export type KosSender = (row: KosOutboxRow, signal: AbortSignal) => Promise<SendOutcome>;

const MAX_ERROR = 500;
const cut = (text: string) => (text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text);

/** FHIR: 408 and 429 are worth waiting for, like any 5xx; another 4xx will not change on a retry. */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function networkReason(error: unknown): string {
  const err = error as { name?: string; code?: string; cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT') return 'no answer in time';
  const code = err.code ?? err.cause?.code ?? '';
  if (code === 'ECONNREFUSED') return 'the receiver refused the connection (is it running?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name could not be resolved';
  if (code.startsWith('UND_ERR_CONNECT') || code === 'ETIMEDOUT') return 'no connection could be made';
  return `the connection failed${code ? ` (${code})` : ''}`;
}

/** The diagnostics of an OperationOutcome, or the start of a text answer. */
function fhirErrorText(status: number, body: string): string {
  try {
    const json = JSON.parse(body) as { resourceType?: string; issue?: Array<{ diagnostics?: string; details?: { text?: string }; code?: string }> };
    if (json.resourceType === 'OperationOutcome' && Array.isArray(json.issue)) {
      const texts = json.issue.map((i) => i.diagnostics ?? i.details?.text ?? i.code ?? '').filter(Boolean);
      if (texts.length > 0) return cut(`HTTP ${status}: ${texts.join('; ')}`);
    }
  } catch {
    /* not JSON */
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return cut(`HTTP ${status}${text ? `: ${text}` : ''}`);
}

export interface FhirTarget {
  /** Base URL without a trailing slash. */
  url: string;
  /** Authorization header value (secret). */
  authorization?: string;
  timeoutMs: number;
}

export function fhirSender(target: FhirTarget, dispatcher?: Dispatcher): Sender {
  return async (row, signal) => {
    const body = JSON.stringify(buildDiagnosticReport(row.report));
    try {
      const response = await request(`${target.url}/DiagnosticReport`, {
        method: 'POST',
        headers: {
          'content-type': 'application/fhir+json',
          accept: 'application/fhir+json',
          // Conditional create: a retry after a lost answer finds the report instead of making a second one.
          'if-none-exist': reportIdentifierQuery(row.report),
          ...(target.authorization ? { authorization: target.authorization } : {}),
        },
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(target.timeoutMs)]),
        ...(dispatcher ? { dispatcher } : {}),
      });
      const text = await response.body.text();
      if (response.statusCode === 200 || response.statusCode === 201) {
        const location = String(response.headers['location'] ?? response.headers['content-location'] ?? '');
        return { kind: 'delivered', detail: `HTTP ${response.statusCode}${location ? ` ${cut(location)}` : ''}` };
      }
      const error = fhirErrorText(response.statusCode, text);
      return isPermanentHttpStatus(response.statusCode) ? { kind: 'failed', error } : { kind: 'retry', error };
    } catch (error) {
      return { kind: 'retry', error: `FHIR server not reached: ${networkReason(error)}` };
    }
  };
}

export interface Hl7Target extends MllpTarget, Hl7Options {
  connectTimeoutMs: number;
  answerTimeoutMs: number;
}

export function hl7Sender(target: Hl7Target): Sender {
  return async (row, signal) => {
    const message = buildOruR01(row.report, row.messageId, target);
    let answer: string;
    try {
      answer = await sendMllp(target, message, { connectTimeoutMs: target.connectTimeoutMs, answerTimeoutMs: target.answerTimeoutMs, signal });
    } catch (error) {
      if (error instanceof MllpError) return { kind: 'retry', error: `HL7 receiver: ${error.message}` };
      throw error;
    }
    const ack = parseAck(answer);
    if (!ack) return { kind: 'retry', error: 'HL7 receiver: the answer is not an acknowledgement (no MSA segment)' };
    if (ack.controlId !== row.messageId) return { kind: 'retry', error: `HL7 receiver acknowledged another message (${cut(ack.controlId)})` };
    const said = ack.text ? `: ${ack.text}` : '';
    if (ack.code === 'AA' || ack.code === 'CA') return { kind: 'delivered', detail: `ACK ${ack.code}` };
    if (ack.code === 'AR' || ack.code === 'CR') return { kind: 'failed', error: cut(`HL7 receiver rejected the message (${ack.code})${said}`) };
    return { kind: 'retry', error: cut(`HL7 receiver reported an error (${ack.code})${said}`) };
  };
}

export interface SrTarget {
  sources: readonly SourceConfig[];
  organization: string;
  timeoutMs: number;
}

const FAILED_SOP_SEQUENCE = '00081198';
const FAILURE_REASON = '00081197';

/** STOW-RS of one Part 10 file to the study's archive, under the gateway's own credentials for that archive. */
async function stowToStudy(
  target: Pick<SrTarget, 'sources' | 'timeoutMs'>,
  dispatcher: Dispatcher,
  row: Pick<OutboxRow, 'sourceId' | 'studyUid'>,
  what: string,
  build: () => ArrayBuffer,
  signal: AbortSignal,
): Promise<SendOutcome> {
  const source = target.sources.find((s) => s.id === row.sourceId);
  if (!source) return { kind: 'failed', error: `No data source "${row.sourceId}" is configured for this study` };
  if (!/^[0-9]+(\.[0-9]+)*$/.test(row.studyUid) || row.studyUid.length > 64) return { kind: 'failed', error: 'The study has no valid Study Instance UID' };
  const file = Buffer.from(build());
  const boundary = `readroom-${randomBytes(12).toString('hex')}`;
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  try {
    const response = await request(`${source.upstream.root}/studies/${row.studyUid}`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        accept: 'application/dicom+json',
        ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}),
      },
      body,
      dispatcher,
      signal: AbortSignal.any([signal, AbortSignal.timeout(target.timeoutMs)]),
    });
    const text = await response.body.text();
    if (response.statusCode === 200 || response.statusCode === 202) {
      let failure: string | undefined;
      try {
        const json = JSON.parse(text) as Record<string, { Value?: Array<Record<string, { Value?: unknown[] }>> }>;
        const failed = json[FAILED_SOP_SEQUENCE]?.Value?.[0];
        if (failed) failure = `reason ${String(failed[FAILURE_REASON]?.Value?.[0] ?? 'unknown')}`;
      } catch {
        /* an archive may answer without a body */
      }
      if (failure) return { kind: 'retry', error: `Archive "${source.label}" did not store the ${what} (${failure})` };
      return { kind: 'delivered', detail: `HTTP ${response.statusCode}` };
    }
    const error = cut(`Archive "${source.label}" answered HTTP ${response.statusCode}${text.trim() ? `: ${text.replace(/\s+/g, ' ').trim()}` : ''}`);
    return isPermanentHttpStatus(response.statusCode) ? { kind: 'failed', error } : { kind: 'retry', error };
  } catch (error) {
    return { kind: 'retry', error: `Archive "${source.label}" not reached: ${networkReason(error)}` };
  }
}

/** STOW-RS of the SR to the study's archive, under the gateway's own credentials for that archive. */
export function srSender(target: SrTarget, dispatcher: Dispatcher): Sender {
  return (row, signal) => stowToStudy(target, dispatcher, row, 'SR', () => writeReportSr(row.report, { institutionName: target.organization }), signal);
}

/** STOW-RS of a review's key object selection to the study's archive, under the gateway's credentials (a reviewer may lack images:write). */
export function kosSender(target: Pick<SrTarget, 'sources' | 'timeoutMs'>, dispatcher: Dispatcher): KosSender {
  return (row, signal) => stowToStudy(target, dispatcher, row, 'key object selection', () => writeKos(row.kos), signal);
}
