import { describe, expect, it } from 'vitest';
import { toDicomAuditMessage } from '../audit/dicom-xml.ts';
import { toFhirAuditEvent } from '../audit/fhir.ts';
import { deliveryAttempted, deliveryRetryRequested } from './delivery-audit.ts';
import { fhirSchemaErrors } from './fhir-schema.ts';
import type { OutboxRow } from './outbox-store.ts';
import { sampleReport } from './sample-report.ts';

const report = sampleReport();
const row: OutboxRow = {
  id: '7',
  reportId: report.reportId,
  reportVersion: 1,
  sourceId: report.sourceId,
  studyUid: report.studyInstanceUid,
  destination: 'hl7',
  report,
  messageId: 'RR0123456789ABCDEF01',
  state: 'retrying',
  attempts: 2,
  nextAttemptAt: '2026-12-03T12:00:00.000Z',
  lastError: null,
  lastAttemptAt: null,
  deliveredAt: null,
  createdAt: '2026-12-03T11:00:00.000Z',
};
const time = new Date('2026-12-03T12:00:00.000Z');

describe('report delivery in the audit trail', () => {
  it('records an attempt as an Export by the author to the destination, naming the report, study and patient', () => {
    const event = deliveryAttempted({
      row,
      state: 'failed',
      receiver: 'hl7:ris.example.org:2575',
      description: 'Report delivery to HL7 ORU^R01 failed',
      auditSourceId: 'gw',
      time,
    });
    expect(event).toMatchObject({ eventId: { code: '110106', display: 'Export' }, action: 'R', outcome: 8 });
    expect(event.participants).toEqual([
      { userId: 'radiologist', userName: 'Dr. Ada Reader', isRequestor: true },
      expect.objectContaining({ userId: 'hl7:ris.example.org:2575', isRequestor: false, roles: [expect.objectContaining({ code: '110152' })] }),
    ]);
    expect(event.objects.map((o) => o.id)).toEqual([report.reportId, report.studyInstanceUid, 'PAT-42']);
    expect(event.objects[0]!.details).toEqual([
      { type: 'Destination', value: 'hl7' },
      { type: 'MessageId', value: 'RR0123456789ABCDEF01' },
      { type: 'Attempt', value: '2' },
    ]);
    expect(deliveryAttempted({ row, state: 'delivered', receiver: 'x', description: '', auditSourceId: 'gw', time }).outcome).toBe(0);
    expect(deliveryAttempted({ row, state: 'retrying', receiver: 'x', description: '', auditSourceId: 'gw', time }).outcome).toBe(4);
  });

  it('exports both events as a valid FHIR R4 AuditEvent and as a DICOM audit message', () => {
    const events = [
      deliveryAttempted({ row, state: 'delivered', receiver: 'hl7:ris:2575', description: 'Report delivered to HL7 ORU^R01', auditSourceId: 'gw', time }),
      deliveryRetryRequested({ row, requestor: { userId: 'admin', userName: 'Ada Admin', address: '10.0.0.9' }, auditSourceId: 'gw', time }),
    ];
    for (const [index, event] of events.entries()) {
      expect(fhirSchemaErrors(toFhirAuditEvent({ seq: index + 1, event }))).toEqual([]);
      const xml = toDicomAuditMessage(event);
      expect(xml).toContain(event.eventId.code);
      expect(xml).toContain(report.reportId);
    }
  });
});
