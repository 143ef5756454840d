import { z } from 'zod';

/**
 * What the gateway says of a report's deliveries (server/delivery/register.ts): `GET /api/deliveries?study=`
 * for the reader, `GET /api/admin/deliveries` (retrying and failed ones) for the administrator, and how each
 * destination's state reads in words.
 */

const destinationState = z.enum(['pending', 'retrying', 'delivered', 'failed']);

const destinationSchema = z.object({
  id: z.string(),
  destination: z.string(),
  label: z.string(),
  state: destinationState,
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type DestinationDelivery = z.infer<typeof destinationSchema>;

const reportStatus = z.enum(['preliminary', 'final', 'amended']);

export const studyDeliveriesSchema = z.object({
  studyInstanceUid: z.string(),
  sourceId: z.string(),
  configured: z.array(z.string()),
  reports: z.array(
    z.object({
      reportId: z.string(),
      version: z.number(),
      status: reportStatus,
      signedAt: z.string(),
      author: z.string(),
      destinations: z.array(destinationSchema),
    }),
  ),
});
export type StudyDeliveries = z.infer<typeof studyDeliveriesSchema>;

export const troubledDeliveriesSchema = z.object({
  deliveries: z.array(
    destinationSchema.extend({
      reportId: z.string(),
      version: z.number(),
      status: reportStatus,
      sourceId: z.string(),
      studyInstanceUid: z.string(),
      accessionNumber: z.string(),
      signedAt: z.string(),
      author: z.string(),
    }),
  ),
});
export type TroubledDelivery = z.infer<typeof troubledDeliveriesSchema>['deliveries'][number];

/** The words shown for a delivery's state; `time` formats an instant for the reader. */
export function deliveryStateText(d: DestinationDelivery, time: (iso: string) => string): string {
  switch (d.state) {
    case 'delivered':
      return d.deliveredAt ? `Delivered ${time(d.deliveredAt)}` : 'Delivered';
    case 'pending':
      return 'Sending…';
    case 'retrying': {
      const next = d.nextAttemptAt ? `, next attempt ${time(d.nextAttemptAt)}` : '';
      const why = d.lastError ? `: ${d.lastError}` : '';
      return `Retrying (${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${next})${why}`;
    }
    case 'failed':
      return `Failed${d.lastError ? `: ${d.lastError}` : ''}`;
  }
}

/** Whether anything is still on its way (the reader's view asks again until it is not). */
export function deliveriesInFlight(answer: StudyDeliveries | undefined): boolean {
  return answer?.reports.some((r) => r.destinations.some((d) => d.state === 'pending' || d.state === 'retrying')) ?? false;
}
