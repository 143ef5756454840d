import { useQuery } from '@tanstack/react-query';
import { fetchStudyDeliveries } from '../../reports/delivery-api.ts';
import { deliveriesInFlight, deliveryStateText } from '../../reports/delivery-contract.ts';

const VERSION_LABEL = { preliminary: 'Preliminary', final: 'Final', amended: 'Addendum' } as const;
const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Where the study's signed reports went: per signed version, each receiver's state (delivered, retrying with
 * the receiver's message, failed), asked again every 2 s while anything is still on its way.
 */
export function ReportDeliveries({ studyInstanceUid, sourceId, signedCount }: { studyInstanceUid: string; sourceId: string | undefined; signedCount: number }) {
  const deliveries = useQuery({
    // A new signature changes the key: its deliveries are asked for at once.
    queryKey: ['report-deliveries', sourceId ?? '', studyInstanceUid, signedCount],
    queryFn: ({ signal }) => fetchStudyDeliveries({ studyInstanceUid, sourceId }, signal),
    refetchInterval: (query) => (deliveriesInFlight(query.state.data) ? 2_000 : false),
  });
  if (deliveries.isPending) return null;
  if (deliveries.isError) {
    return (
      <p role="alert" className="report-error">
        Where the report went could not be read: {deliveries.error.message}
      </p>
    );
  }
  const { reports, configured } = deliveries.data;
  if (reports.length === 0) return configured.length === 0 ? <p className="report-note">No receivers are configured for reports.</p> : null;
  return (
    <section className="report-deliveries" aria-label="Deliveries">
      <h3>Deliveries</h3>
      {[...reports].reverse().map((report) => (
        <div key={report.reportId}>
          <h4>
            {VERSION_LABEL[report.status]} (version {report.version})
          </h4>
          <ul aria-label={`Deliveries of version ${report.version}`}>
            {report.destinations.map((d) => (
              <li key={d.id} className={`delivery-${d.state}`}>
                {d.label}: {deliveryStateText(d, time)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
