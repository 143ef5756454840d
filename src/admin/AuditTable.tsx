import type { AuditRow } from './audit-bundle.ts';

/** Local date and time to the second, in a fixed shape that sorts and compares at a glance. */
export function localTimestamp(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

/** Every value is untrusted text (usernames as typed, DICOM strings, queries): rendered as text only. */
export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <table className="audit-table" aria-label="Audit records">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Action</th>
          <th scope="col">Outcome</th>
          <th scope="col">User</th>
          <th scope="col">Client address</th>
          <th scope="col">Patient ID</th>
          <th scope="col">Study Instance UID</th>
          <th scope="col">Query</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={row.outcome === 'Success' ? undefined : 'audit-failure'}>
            <td>
              <time dateTime={row.recorded}>{localTimestamp(row.recorded)}</time>
            </td>
            <td>{row.event}</td>
            <td>{row.action}</td>
            <td>
              {row.outcome}
              {row.outcomeDescription && <div className="muted">{row.outcomeDescription}</div>}
            </td>
            <td>
              {row.user}
              {row.userName && row.userName !== row.user && <div className="muted">{row.userName}</div>}
            </td>
            <td>{row.address}</td>
            <td>{row.patients.join(', ')}</td>
            <td className="audit-uid">{row.studies.join(', ')}</td>
            <td className="audit-query">{row.query}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
