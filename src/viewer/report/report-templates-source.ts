import { parseTemplates, type ReportTemplate } from '../../reports/report-templates.ts';

// The repository's template files, built into the app (docs/reports.md: adding a template is adding a file).
const files = import.meta.glob<unknown>('../../../config/report-templates/*.json', { eager: true, import: 'default' });

let parsed: ReportTemplate[] | undefined;

/** The report templates (parsed once; a broken file fails the build's tests, see report-templates.test.ts). */
export function reportTemplates(): ReportTemplate[] {
  return (parsed ??= parseTemplates(files));
}
