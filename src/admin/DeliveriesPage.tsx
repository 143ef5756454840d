import { deliveryStateText, type TroubledDelivery } from '../reports/delivery-contract.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { useRetryDelivery, useTroubledDeliveries } from './useDeliveries.ts';

const time = (iso: string) => new Date(iso).toLocaleString();
const STATUS: Record<TroubledDelivery['status'], string> = { preliminary: 'Preliminary', final: 'Final', amended: 'Addendum' };

function DeliveryRow({ delivery, onRetry, retrying }: { delivery: TroubledDelivery; onRetry: (id: string) => void; retrying: boolean }) {
  return (
    <tr>
      <td>{delivery.label}</td>
      <td>{deliveryStateText(delivery, time)}</td>
      <td>
        {STATUS[delivery.status]}, version {delivery.version}
      </td>
      <td>{delivery.accessionNumber || '–'}</td>
      <td className="uid">{delivery.studyInstanceUid}</td>
      <td>
        {delivery.author}, {time(delivery.signedAt)}
      </td>
      <td>
        <button
          type="button"
          onClick={() => onRetry(delivery.id)}
          disabled={retrying}
          aria-label={`Retry now: ${delivery.label}, accession ${delivery.accessionNumber || 'none'}, version ${delivery.version}`}
        >
          Retry now
        </button>
      </td>
    </tr>
  );
}

/** `/admin/deliveries`: reports that have not reached a receiver yet (retrying) or will not (failed), with "Retry now". */
export function DeliveriesPage() {
  const deliveries = useTroubledDeliveries();
  const retry = useRetryDelivery();
  return (
    <section aria-labelledby="deliveries-title">
      <h1 id="deliveries-title">Report deliveries</h1>
      {retry.isError && <ErrorPanel title="The delivery could not be retried" message={retry.error.message} />}
      {deliveries.isPending && <LoadingState label="Loading the deliveries…" />}
      {deliveries.isError && (
        <ErrorPanel
          title="The deliveries could not be loaded"
          message={deliveries.error.message}
          onRetry={() => void deliveries.refetch()}
          retrying={deliveries.isFetching}
        />
      )}
      {deliveries.isSuccess &&
        (deliveries.data.length === 0 ? (
          <p role="status">Every signed report has reached its receivers.</p>
        ) : (
          <table className="study-table" aria-label="Deliveries not done">
            <thead>
              <tr>
                <th scope="col">Receiver</th>
                <th scope="col">State</th>
                <th scope="col">Report</th>
                <th scope="col">Accession</th>
                <th scope="col">Study Instance UID</th>
                <th scope="col">Signed</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  onRetry={(id) => retry.mutate(id)}
                  retrying={retry.isPending && retry.variables === delivery.id}
                />
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
