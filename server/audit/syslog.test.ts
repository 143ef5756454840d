import { describe, expect, it } from 'vitest';
import { AUDIT_MSGID, headerField, octetCountingFrame, syslogMessage } from './syslog.ts';

const header = { time: '2026-12-02T10:00:00.123Z', hostname: 'gw-1.example.org', appName: 'readroom', procId: '4242', msgId: AUDIT_MSGID };

describe('RFC 5424 message', () => {
  it('has PRI authpriv.notice, version 1, the header fields, no structured data, then BOM and the UTF-8 message', () => {
    const bytes = syslogMessage(header, '<AuditMessage>Müller</AuditMessage>');
    const head = '<85>1 2026-12-02T10:00:00.123Z gw-1.example.org readroom 4242 IHE+RFC-3881 - ';
    expect(bytes.subarray(0, head.length).toString('ascii')).toBe(head);
    expect([...bytes.subarray(head.length, head.length + 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(head.length + 3).toString('utf8')).toBe('<AuditMessage>Müller</AuditMessage>');
  });

  it('keeps header fields to printable ASCII without spaces, within their lengths, "-" when empty', () => {
    expect(headerField('my host\u00e9\n', 255)).toBe('myhost');
    expect(headerField('', 48)).toBe('-');
    expect(headerField('x'.repeat(60), 48)).toHaveLength(48);
    const bytes = syslogMessage({ ...header, hostname: ' ', appName: 'read room' }, 'm');
    expect(bytes.toString('utf8')).toMatch(/^<85>1 \S+ - readroom 4242 /);
  });
});

describe('RFC 5425 octet counting', () => {
  it('prefixes the length in bytes (not characters) and a space', () => {
    const message = syslogMessage(header, 'Jürgen');
    const frame = octetCountingFrame(message);
    const space = frame.indexOf(0x20);
    expect(Number(frame.subarray(0, space).toString('ascii'))).toBe(message.length);
    expect(message.length).toBeGreaterThan(message.toString('utf8').length);
    expect(frame.subarray(space + 1).equals(message)).toBe(true);
  });
});
