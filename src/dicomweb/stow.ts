import type { DataSource } from './runtime-config.ts';
import { DicomwebError, fetchOrThrow } from './errors.ts';

const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
const FAILURE_REASON = '00081197';

export interface StoredInstances {
  sopInstanceUIDs: string[];
}

type JsonItem = Record<string, { Value?: unknown[] } | undefined>;

function boundary(): string {
  return `readroom-${crypto.randomUUID()}`;
}

/** A multipart/related body of DICOM Part 10 files (PS3.18 10.5). */
export function multipartDicomBody(files: readonly ArrayBuffer[], separator: string): Blob {
  const parts: BlobPart[] = [];
  for (const file of files) parts.push(`--${separator}\r\nContent-Type: application/dicom\r\n\r\n`, file, '\r\n');
  parts.push(`--${separator}--\r\n`);
  return new Blob(parts);
}

const itemsOf = (items: unknown): JsonItem[] => (Array.isArray(items) ? (items as JsonItem[]) : []);
const uidOf = (item: JsonItem) => String(item[REFERENCED_SOP_INSTANCE_UID]?.Value?.[0] ?? '');

/**
 * Stores DICOM instances with STOW-RS (`POST <stowRoot>/studies`, or `/studies/{uid}` when they all
 * belong to one study: the gateway then checks that study against the reader's scope). Resolves once the archive has
 * confirmed every instance in its Referenced SOP Sequence: an archive may answer 200 and store nothing
 * (Orthanc does for a body it cannot parse), so the answer is checked rather than trusted.
 */
export async function storeInstances(
  source: DataSource,
  files: ReadonlyArray<{ sopInstanceUID: string; bytes: ArrayBuffer }>,
  signal?: AbortSignal,
  studyInstanceUID?: string,
): Promise<StoredInstances> {
  const separator = boundary();
  const res = await fetchOrThrow(
    studyInstanceUID ? `${source.stowRoot}/studies/${encodeURIComponent(studyInstanceUID)}` : `${source.stowRoot}/studies`,
    {
      method: 'POST',
      headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${separator}`, Accept: 'application/dicom+json' },
      body: multipartDicomBody(
        files.map((f) => f.bytes),
        separator,
      ),
      signal,
    },
    'Saving to the archive',
  );
  let body: JsonItem;
  try {
    const text = await res.text();
    body = text.trim() ? (JSON.parse(text) as JsonItem) : {};
  } catch {
    throw new DicomwebError(
      'invalid-response',
      'Saving to the archive: the archive sent an answer that is not valid DICOM JSON; it is not known whether anything was stored.',
    );
  }
  const stored = new Set(itemsOf(body[REFERENCED_SOP_SEQUENCE]?.Value).map(uidOf));
  const failed = itemsOf(body[FAILED_SOP_SEQUENCE]?.Value);
  const missing = files.filter((f) => !stored.has(f.sopInstanceUID));
  if (missing.length > 0) {
    const reason = failed.map((item) => item[FAILURE_REASON]?.Value?.[0]).find((r) => r !== undefined);
    throw new DicomwebError(
      'invalid-response',
      `Saving to the archive: the archive did not confirm ${missing.length} of ${files.length} instance${files.length === 1 ? '' : 's'}${reason !== undefined ? ` (failure reason ${String(reason)})` : ''}.`,
      res.status,
    );
  }
  return { sopInstanceUIDs: [...stored] };
}
