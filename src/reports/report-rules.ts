import type { DraftContent, ReportSection, SignedStatus } from './report-contract.ts';

/**
 * The rules of a report's life, shared by the gateway (which enforces them) and the app (which only
 * offers what they allow): how a draft save meets the saved draft, what may be signed when, and the
 * sections every signed report carries.
 */

export const FINDINGS = 'Findings';
export const IMPRESSION = 'Impression';

export interface StoredDraft {
  revision: number;
  content: DraftContent;
}

export type DraftSave =
  /** No draft yet: create it at revision 1. */
  | { action: 'create' }
  /** Based on the saved revision: write it as the next one. */
  | { action: 'update'; revision: number }
  /** The same content is already saved (a retried request): nothing to write. */
  | { action: 'unchanged'; revision: number }
  /** Based on an older revision (another tab or browser saved since): refused, the newer one is shown. */
  | { action: 'conflict'; current: StoredDraft };

/** Whether two drafts say the same thing (key order of the JSON does not matter). */
export function sameContent(a: DraftContent, b: DraftContent): boolean {
  return canonical(a) === canonical(b);
}

function canonical(content: DraftContent): string {
  return JSON.stringify([
    content.templateId,
    content.sections.map((s) => [s.title, s.text]),
    content.comparison ? [content.comparison.studyInstanceUid, content.comparison.date, content.comparison.description] : null,
    content.references.map((r) => [r.seriesInstanceUid, r.sopClassUid, r.sopInstanceUid, r.frameNumber ?? null]),
  ]);
}

export function decideDraftSave(current: StoredDraft | undefined, baseRevision: number, content: DraftContent): DraftSave {
  // Also after a signature removed the draft: a late save from another tab starts a new one.
  if (!current) return { action: 'create' };
  if (sameContent(current.content, content)) return { action: 'unchanged', revision: current.revision };
  if (baseRevision === current.revision) return { action: 'update', revision: current.revision + 1 };
  return { action: 'conflict', current };
}

export interface SignedVersion {
  id: string;
  version: number;
  status: SignedStatus;
}

export type SignDecision = { allowed: true; version: number } | { allowed: false; status: 409 | 400; message: string };

export const FINAL_EXISTS_MESSAGE = 'This study already has a final report; it can only be amended by an addendum.';

/** The next version number of a study's reports. */
export function nextVersion(reports: readonly SignedVersion[]): number {
  return reports.reduce((max, r) => Math.max(max, r.version), 0) + 1;
}

export function finalOf<T extends SignedVersion>(reports: readonly T[]): T | undefined {
  return reports.find((r) => r.status === 'final');
}

/** Signing the draft as preliminary or final: only while the study has no final report, and with an impression. */
export function decideSign(reports: readonly SignedVersion[], sections: readonly ReportSection[]): SignDecision {
  if (finalOf(reports)) return { allowed: false, status: 409, message: FINAL_EXISTS_MESSAGE };
  const missing = missingSections(sections);
  if (missing) return { allowed: false, status: 400, message: missing };
  return { allowed: true, version: nextVersion(reports) };
}

/** An addendum: only to a final report. */
export function decideAddendum(reports: readonly SignedVersion[]): { allowed: true; version: number; amends: string } | { allowed: false; message: string } {
  const final = finalOf(reports);
  if (!final) return { allowed: false, message: 'Only a final report can be amended by an addendum; this study has none.' };
  return { allowed: true, version: nextVersion(reports), amends: final.id };
}

/** Why these sections cannot be signed (undefined when they can): Findings and Impression present, an impression written. */
export function missingSections(sections: readonly ReportSection[]): string | undefined {
  const findings = sections.find((s) => s.title === FINDINGS);
  const impression = sections.find((s) => s.title === IMPRESSION);
  if (!findings || !impression) return 'A report needs a Findings and an Impression section.';
  if (impression.text.trim() === '') return 'Write the impression before signing.';
  return undefined;
}

/** The sections as signed: in the editor's order with Findings before Impression, trimmed, empty optional ones left out. */
export function signedSections(sections: readonly ReportSection[]): ReportSection[] {
  const kept = sections
    .filter((s) => s.title === FINDINGS || s.title === IMPRESSION || s.text.trim() !== '')
    .map((s) => ({ title: s.title, text: s.text.trim() }));
  const findings = kept.findIndex((s) => s.title === FINDINGS);
  const impression = kept.findIndex((s) => s.title === IMPRESSION);
  if (findings > impression && impression >= 0) [kept[findings], kept[impression]] = [kept[impression]!, kept[findings]!];
  return kept;
}
