import { describe, expect, it } from 'vitest';
import { deliveriesInFlight, deliveryStateText, studyDeliveriesSchema, type DestinationDelivery } from './delivery-contract.ts';
import { DeliveryApiError, fetchStudyDeliveries, retryDelivery } from './delivery-api.ts';

const base: DestinationDelivery = {
  id: '7',
  destination: 'hl7',
  label: 'HL7 ORU^R01',
  state: 'pending',
  attempts: 0,
  nextAttemptAt: null,
  lastError: null,
  lastAttemptAt: null,
  deliveredAt: null,
};
const time = (iso: string) => iso.slice(11, 16);

describe('a delivery in words', () => {
  it('names each state, with the receiver’s message and the next attempt', () => {
    expect(deliveryStateText(base, time)).toBe('Sending…');
    expect(deliveryStateText({ ...base, state: 'delivered', deliveredAt: '2026-12-03T14:02:00Z' }, time)).toBe('Delivered 14:02');
    expect(deliveryStateText({ ...base, state: 'retrying', attempts: 2, nextAttemptAt: '2026-12-03T14:05:00Z', lastError: 'connection refused' }, time)).toBe(
      'Retrying (2 attempts, next attempt 14:05): connection refused',
    );
    expect(deliveryStateText({ ...base, state: 'failed', attempts: 1, lastError: 'AR: unknown patient' }, time)).toBe('Failed: AR: unknown patient');
  });

  it('is in flight while any destination is pending or retrying', () => {
    const answer = (state: DestinationDelivery['state']) =>
      studyDeliveriesSchema.parse({
        studyInstanceUid: '1.2',
        sourceId: 'dev',
        configured: ['hl7'],
        reports: [{ reportId: 'r', version: 1, status: 'final', signedAt: '2026-12-03T14:00:00Z', author: 'A', destinations: [{ ...base, state }] }],
      });
    expect(deliveriesInFlight(answer('retrying'))).toBe(true);
    expect(deliveriesInFlight(answer('pending'))).toBe(true);
    expect(deliveriesInFlight(answer('delivered'))).toBe(false);
    expect(deliveriesInFlight(answer('failed'))).toBe(false);
    expect(deliveriesInFlight(undefined)).toBe(false);
  });
});

describe('the delivery API', () => {
  it('asks for the study (and a source other than the default) and checks the answer', async () => {
    const urls: string[] = [];
    const fetcher = (async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ studyInstanceUid: '1.2', sourceId: 'b', configured: [], reports: [] }), { status: 200 });
    }) as typeof fetch;
    await fetchStudyDeliveries({ studyInstanceUid: '1.2', sourceId: 'b' }, undefined, fetcher);
    await fetchStudyDeliveries({ studyInstanceUid: '1.2', sourceId: undefined }, undefined, fetcher);
    expect(urls).toEqual(['/api/deliveries?study=1.2&source=b', '/api/deliveries?study=1.2']);
    const odd = (async () => new Response('{"reports": 3}', { status: 200 })) as typeof fetch;
    await expect(fetchStudyDeliveries({ studyInstanceUid: '1.2', sourceId: undefined }, undefined, odd)).rejects.toThrow(DeliveryApiError);
  });

  it('passes the gateway’s own refusal on', async () => {
    const refused = (async () =>
      new Response(JSON.stringify({ error: 'not_retryable', message: 'This report was already delivered there.' }), { status: 409 })) as typeof fetch;
    await expect(retryDelivery('9', refused)).rejects.toThrow('This report was already delivered there.');
  });
});
