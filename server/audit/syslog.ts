/**
 * Syslog framing for audit messages: RFC 5424 messages (as IHE ATNA sends them: facility authpriv,
 * severity notice, MSGID `IHE+RFC-3881`, the XML audit message as MSG) framed for RFC 5425 (syslog over
 * TLS) by octet counting: `MSG-LEN SP SYSLOG-MSG`.
 */

/** authpriv (10) × 8 + notice (5). */
export const AUDIT_PRI = 85;
export const AUDIT_MSGID = 'IHE+RFC-3881';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A header field: printable US-ASCII without spaces, at most `max` characters, `-` when empty. */
export function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

export interface SyslogHeader {
  /** ISO 8601 with time zone (the event's time). */
  time: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
}

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - BOM MSG` (no structured data; MSG is UTF-8). */
export function syslogMessage(header: SyslogHeader, message: string, pri = AUDIT_PRI): Buffer {
  const head = [
    `<${pri}>1`,
    headerField(header.time, 32),
    headerField(header.hostname, 255),
    headerField(header.appName, 48),
    headerField(header.procId, 128),
    headerField(header.msgId, 32),
    '-',
  ].join(' ');
  return Buffer.concat([Buffer.from(`${head} `, 'ascii'), BOM, Buffer.from(message, 'utf8')]);
}

/** RFC 5425 octet counting: the length in bytes, a space, the message. */
export function octetCountingFrame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length} `, 'ascii'), message]);
}
