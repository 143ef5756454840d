import type { SignedReportView } from '../../reports/report-contract.ts';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';

const STATUS_LABEL: Record<SignedReportView['status'], string> = { preliminary: 'Preliminary report', final: 'Final report', addendum: 'Addendum' };

function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Signed versions of a study's report, read-only: the final report and its addenda (an addendum never
 * changes the final above it), or the latest preliminary one. Older preliminaries are listed by version
 * only when `all` is set.
 */
export function SignedReports({ reports, all = false, headingLevel = 3 }: { reports: readonly SignedReportView[]; all?: boolean; headingLevel?: 3 | 4 }) {
  const final = reports.find((r) => r.status === 'final');
  const shown = all ? reports : final ? reports.filter((r) => r.status !== 'preliminary') : reports.slice(-1);
  const Heading = `h${headingLevel}` as 'h3';
  const Sub = `h${headingLevel + 1}` as 'h4';
  return (
    <>
      {shown.map((report) => (
        <article key={report.id} className={`signed-report signed-${report.status}`} aria-label={`${STATUS_LABEL[report.status]}, version ${report.version}`}>
          <Heading>
            {STATUS_LABEL[report.status]}{' '}
            <span className="signed-meta">
              — {report.author.displayName || report.author.username}, {when(report.signedAt)}
            </span>
          </Heading>
          {report.status === 'addendum' ? (
            <p className="report-text">{report.addendumText}</p>
          ) : (
            <>
              {report.comparison && (report.comparison.date || report.comparison.description) && (
                <p className="report-comparison">
                  Comparison: {[formatDicomDate(report.comparison.date), report.comparison.description].filter(Boolean).join(' ')}
                </p>
              )}
              {report.sections.map((section) => (
                <section key={section.title} className="report-section">
                  <Sub>{section.title}</Sub>
                  <p className="report-text">{section.text || '—'}</p>
                </section>
              ))}
            </>
          )}
        </article>
      ))}
    </>
  );
}
