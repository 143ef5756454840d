import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * MLLP (HL7 v2 Minimal Lower Layer Protocol) client: one connection per message, the message framed as
 * 0x0B + message + 0x1C 0x0D, then the receiver's answer read up to its own end block. Bounded by a
 * connect timeout and an answer timeout; an AbortSignal ends the exchange at once (gateway closing).
 * With `tls`, the connection is TLS (MLLP over TLS, as IHE ATNA's secure node asks): the receiver's
 * certificate must be valid for its host name and chain to the given CAs (or the system's), and a client
 * certificate is presented when the receiver asks for one (mutual TLS).
 */

export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;
const MAX_ANSWER_BYTES = 1 << 20;

export function frameMllp(message: string): Buffer {
  return Buffer.concat([Buffer.from([START_BLOCK]), Buffer.from(message, 'utf8'), Buffer.from([END_BLOCK, CARRIAGE_RETURN])]);
}

/** Finds complete frames in `buffer`; returns them and the bytes left after the last one. */
export function unframeMllp(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let offset = 0;
  for (;;) {
    const start = buffer.indexOf(START_BLOCK, offset);
    if (start < 0) return { messages, rest: Buffer.alloc(0) };
    const end = buffer.indexOf(END_BLOCK, start + 1);
    if (end < 0 || end + 1 >= buffer.length) return { messages, rest: buffer.subarray(start) };
    messages.push(buffer.subarray(start + 1, end).toString('utf8'));
    offset = end + (buffer[end + 1] === CARRIAGE_RETURN ? 2 : 1);
  }
}

export class MllpError extends Error {
  override name = 'MllpError';
}

export interface MllpTls {
  /** PEM CA certificates to trust instead of the system's. */
  ca?: string;
  /** PEM client certificate and key for mutual TLS. */
  cert?: string;
  key?: string;
}

export interface MllpTarget {
  host: string;
  port: number;
  tls?: MllpTls;
}

/** Certificate errors worded for the administrator (Node's codes are not). */
function certificateProblem(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return "the receiver's certificate is not valid for its host name";
  if (code === 'CERT_HAS_EXPIRED') return "the receiver's certificate has expired";
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE/.test(code)) {
    return "the receiver's certificate is not trusted (set READROOM_HL7_CA_FILE to its CA)";
  }
  return undefined;
}

/** Sends one message and resolves with the receiver's answer (the first complete frame). */
export function sendMllp(
  target: MllpTarget,
  message: string,
  options: { connectTimeoutMs: number; answerTimeoutMs: number; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new MllpError('the gateway stopped before the message was sent'));
    let buffered = Buffer.alloc(0);
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: Error | undefined, answer?: string) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    const onAbort = () => finish(new MllpError('the gateway stopped before the receiver answered'));
    options.signal?.addEventListener('abort', onAbort);
    const { tls } = target;
    const socket: Socket = tls
      ? connectTls({
          host: target.host,
          port: target.port,
          // SNI takes a host name only; an IP address is still checked against the certificate.
          ...(/^[0-9.]+$|:/.test(target.host) ? {} : { servername: target.host }),
          ...(tls.ca ? { ca: tls.ca } : {}),
          ...(tls.cert ? { cert: tls.cert } : {}),
          ...(tls.key ? { key: tls.key } : {}),
          rejectUnauthorized: true,
        })
      : connect({ host: target.host, port: target.port });
    timer = setTimeout(
      () => finish(new MllpError(`no connection to ${target.host}:${target.port} within ${options.connectTimeoutMs} ms`)),
      options.connectTimeoutMs,
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ECONNREFUSED'
          ? 'the receiver refused the connection (is it running?)'
          : (certificateProblem(error.code) ?? `the connection failed (${error.code ?? error.message})`);
      finish(new MllpError(reason));
    });
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(new MllpError(`no acknowledgement within ${options.answerTimeoutMs} ms`)), options.answerTimeoutMs);
      socket.write(frameMllp(message));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_ANSWER_BYTES) return finish(new MllpError('the receiver answered more than 1 MiB'));
      const { messages } = unframeMllp(buffered);
      if (messages.length > 0) finish(undefined, messages[0]);
    });
    socket.on('close', () => finish(new MllpError('the receiver closed the connection without an acknowledgement')));
  });
}
