import { useSearchParams } from 'react-router';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { AUDIT_EXPORT_SIZE, auditApiUrl, readAuditFilters, readCursor, writeAuditFilters } from './audit-query.ts';
import { AuditFiltersForm } from './AuditFiltersForm.tsx';
import { AuditTable } from './AuditTable.tsx';
import { useAuditPage } from './useAuditPage.ts';
import './audit.css';

/** `/admin/audit`: the audit trail, newest first, filtered by user, patient, study and days; exports. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = readAuditFilters(params);
  const before = readCursor(params);
  const page = useAuditPage(filters, before);

  return (
    <section className="audit" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit trail</h1>
      <AuditFiltersForm applied={filters} onApply={(next) => setParams(writeAuditFilters(next))} />
      <p className="audit-exports">
        Export these filters (up to {AUDIT_EXPORT_SIZE} records):{' '}
        <a href={auditApiUrl(filters, { limit: AUDIT_EXPORT_SIZE })} download="readroom-audit.fhir.json">
          FHIR JSON
        </a>{' '}
        <a href={auditApiUrl(filters, { limit: AUDIT_EXPORT_SIZE, format: 'dicom' })} download="readroom-audit.xml">
          DICOM XML
        </a>
      </p>
      {page.isPending ? (
        <LoadingState label="Loading the audit trail…" />
      ) : page.isError ? (
        <ErrorPanel title="The audit trail could not be read" message={page.error.message} onRetry={() => void page.refetch()} retrying={page.isFetching} />
      ) : (
        <>
          <p className="result-count" role="status">
            {page.data.rows.length === 0
              ? 'No records match these filters.'
              : `${page.data.rows.length} record${page.data.rows.length === 1 ? '' : 's'}${before ? ' (older page)' : ', newest first'}`}
            {page.isFetching ? ' · loading…' : ''}
          </p>
          {page.data.rows.length > 0 && <AuditTable rows={page.data.rows} />}
          <nav className="audit-pager" aria-label="Audit pages">
            <button type="button" onClick={() => setParams(writeAuditFilters(filters))} disabled={before === undefined}>
              Newest records
            </button>
            <button type="button" onClick={() => setParams(writeAuditFilters(filters, page.data.before))} disabled={page.data.before === undefined}>
              Older records
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
