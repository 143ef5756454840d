/** Where a signed report goes: the study's archive as a DICOM SR, a FHIR server, an HL7 v2 receiver. */
export const DESTINATIONS = ['archive-sr', 'fhir', 'hl7'] as const;
export type Destination = (typeof DESTINATIONS)[number];

export const DELIVERY_STATES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What one attempt to send gave: delivered, worth another try later, or never going to work. */
export type SendOutcome = { kind: 'delivered'; detail: string } | { kind: 'retry'; error: string } | { kind: 'failed'; error: string };

/** Not a report's: a peer review's key images as a DICOM KOS in the study's archive (server/peer-review), through the same outbox. */
export const KOS_DESTINATION = 'archive-kos';
export type OutboxDestination = Destination | typeof KOS_DESTINATION;

export const DESTINATION_LABELS: Record<OutboxDestination, string> = {
  'archive-sr': 'Archive (DICOM SR)',
  fhir: 'FHIR DiagnosticReport',
  hl7: 'HL7 ORU^R01',
  'archive-kos': 'Archive (DICOM KOS)',
};
