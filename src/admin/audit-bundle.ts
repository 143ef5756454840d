import { z } from 'zod';

/**
 * Rows of the audit page from the gateway's FHIR R4 Bundle of AuditEvent resources. Only what the
 * table shows is read; everything in it came from users, archives and query strings, so it is kept as
 * plain text for React to render as text.
 */

export interface AuditRow {
  id: string;
  /** ISO instant. */
  recorded: string;
  event: string;
  /** Create, Read, Update, Delete or Execute: what tells a stored instance from a retrieved one. */
  action: string;
  outcome: string;
  outcomeDescription: string;
  user: string;
  userName: string;
  address: string;
  /** "ID" or "ID (issuer)". */
  patients: string[];
  studies: string[];
  query: string;
}

export interface AuditPage {
  rows: AuditRow[];
  /** The cursor of the next (older) page, when there is one. */
  before?: number;
}

const coding = z.object({ code: z.string().optional(), display: z.string().optional() });
const identifier = z.object({ system: z.string().optional(), value: z.string().optional(), assigner: z.object({ display: z.string().optional() }).optional() });

const auditEvent = z.object({
  resourceType: z.literal('AuditEvent'),
  id: z.string(),
  type: coding,
  subtype: z.array(coding).optional(),
  action: z.string().optional(),
  recorded: z.string(),
  outcome: z.string().optional(),
  outcomeDesc: z.string().optional(),
  agent: z.array(
    z.object({
      requestor: z.boolean(),
      who: z.object({ identifier: identifier.optional(), display: z.string().optional() }).optional(),
      name: z.string().optional(),
      network: z.object({ address: z.string().optional() }).optional(),
    }),
  ),
  entity: z
    .array(
      z.object({
        what: z.object({ identifier: identifier.optional(), display: z.string().optional() }).optional(),
        type: coding.optional(),
        role: coding.optional(),
        query: z.string().optional(),
      }),
    )
    .optional(),
});

const bundle = z.object({
  resourceType: z.literal('Bundle'),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  entry: z.array(z.object({ resource: auditEvent })).optional(),
});

const OUTCOMES: Record<string, string> = { '0': 'Success', '4': 'Minor failure', '8': 'Serious failure', '12': 'Major failure' };
const ACTIONS: Record<string, string> = { C: 'Create', R: 'Read', U: 'Update', D: 'Delete', E: 'Execute' };

function fromBase64(text: string): string {
  try {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return '';
  }
}

function rowOf(event: z.infer<typeof auditEvent>): AuditRow {
  const requestor = event.agent.find((a) => a.requestor) ?? event.agent[0];
  const entities = event.entity ?? [];
  // The SOP Class a query asked of has the same shape as a study, and a query beside it.
  const studies = entities.filter(
    (e) => e.what?.identifier?.system === 'urn:dicom:uid' && e.role?.code === '3' && e.type?.code === '2' && e.query === undefined,
  );
  const patients = entities.filter((e) => e.type?.code === '1' && e.role?.code === '1');
  const query = entities.find((e) => e.query !== undefined)?.query;
  return {
    id: event.id,
    recorded: event.recorded,
    event: [event.type.display ?? event.type.code ?? '', ...(event.subtype ?? []).map((s) => s.display ?? s.code ?? '')].filter(Boolean).join(' · '),
    action: ACTIONS[event.action ?? ''] ?? event.action ?? '',
    outcome: OUTCOMES[event.outcome ?? ''] ?? event.outcome ?? '',
    outcomeDescription: event.outcomeDesc ?? '',
    user: requestor?.who?.identifier?.value ?? '',
    userName: requestor?.name ?? '',
    address: requestor?.network?.address ?? '',
    patients: patients.map((p) => {
      const id = p.what?.identifier?.value ?? '';
      const issuer = p.what?.identifier?.assigner?.display;
      return issuer ? `${id} (${issuer})` : id;
    }),
    studies: studies.map((s) => (s.what?.identifier?.value ?? '').replace(/^urn:oid:/, '')),
    query: query ? fromBase64(query) : '',
  };
}

export function auditPageOf(json: unknown): AuditPage {
  const parsed = bundle.safeParse(json);
  if (!parsed.success) throw new Error('The gateway answered the audit search with something that is not a FHIR Bundle of AuditEvents.');
  const next = parsed.data.link?.find((l) => l.relation === 'next')?.url;
  const before = next ? Number(new URL(next, 'http://x').searchParams.get('before')) : NaN;
  return { rows: (parsed.data.entry ?? []).map((e) => rowOf(e.resource)), ...(Number.isInteger(before) && before > 0 ? { before } : {}) };
}
