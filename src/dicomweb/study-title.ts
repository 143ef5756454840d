import { formatDicomDate, formatPersonName } from './dicom-json.ts';
import type { StudySummary } from './study-summary.ts';

export const APP_TITLE = 'Readroom';

/** DICOM strings are untrusted: no control characters (line breaks, escapes) in a tab title. */
function clean(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? ' ' : ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** `<page> — Readroom`. */
export function pageTitle(page: string): string {
  const text = clean(page);
  return text ? `${text} — ${APP_TITLE}` : APP_TITLE;
}

/**
 * The tab title while a study is open, so several tabs can be told apart:
 * "Doe, John — CT CHEST — 2024-03-15 — Readroom" (description, else the modalities).
 */
export function studyTitle(study: Pick<StudySummary, 'patientName' | 'description' | 'modalities' | 'studyDate'>): string {
  const what = clean(study.description) || clean(study.modalities.join(' '));
  const parts = [clean(formatPersonName(study.patientName)) || 'Unnamed patient', what, clean(formatDicomDate(study.studyDate))].filter(Boolean);
  return `${parts.join(' — ')} — ${APP_TITLE}`;
}
