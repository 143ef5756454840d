import { formatPersonName } from '../dicomweb/dicom-json.ts';
import type { GspsContent } from './types.ts';

/** How a presentation state is named to the reader (all DICOM strings, to be rendered as text). */
export interface PresentationSummary {
  label: string;
  creator: string;
  /** "YYYY-MM-DD HH:MM", or '' when the file has no creation date. */
  created: string;
  /** The line shown over the viewport while the state is applied. */
  overlayLine: string;
}

export function summarisePresentation(content: Pick<GspsContent, 'label' | 'creator' | 'createdAt'>): PresentationSummary {
  const label = content.label.trim() || '(no label)';
  const creator = formatPersonName(content.creator) || 'unknown author';
  const created = content.createdAt ? content.createdAt.slice(0, 16).replace('T', ' ') : '';
  return { label, creator, created, overlayLine: `GSPS: ${label} — ${creator}${created ? `, ${created}` : ''}` };
}
