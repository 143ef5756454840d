import type { SignedReport } from './signed-report.ts';

/** The report as one plain text (FHIR presentedForm): each section under its title, the addendum last. */
export function fullReportText(report: SignedReport): string {
  const parts = report.sections.filter((s) => s.text.trim() !== '').map((s) => `${s.title.toUpperCase()}:\n${s.text.trim()}`);
  if (report.addendum) parts.push(`ADDENDUM:\n${report.addendum.text.trim()}`);
  return `${parts.join('\n\n')}\n`;
}

/** The Impression section's text ('' when there is none). */
export function impressionText(report: SignedReport): string {
  return report.sections.find((s) => s.title.trim().toLowerCase() === 'impression')?.text.trim() ?? '';
}
