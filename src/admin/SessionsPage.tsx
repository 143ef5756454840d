import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { signInMethodLabel, type ActiveSession } from './sessions-api.ts';
import { useActiveSessions, useRevokeSession } from './useSessions.ts';

const time = (iso: string) => new Date(iso).toLocaleString();

function SessionRow({ session, onRevoke, revoking }: { session: ActiveSession; onRevoke: (id: string) => void; revoking: boolean }) {
  return (
    <tr>
      <td>
        {session.displayName} ({session.username})
      </td>
      <td>{time(session.startedAt)}</td>
      <td>{time(session.lastSeenAt)}</td>
      <td>{session.clientAddress || '–'}</td>
      <td>{signInMethodLabel(session.method)}</td>
      <td>
        {session.current ? (
          'This session'
        ) : (
          <button
            type="button"
            onClick={() => onRevoke(session.id)}
            disabled={revoking}
            aria-label={`Revoke the session of ${session.displayName} started ${time(session.startedAt)}`}
          >
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}

/** `/admin/sessions`: who is signed in, from where, and a way to end a session at once. */
export function SessionsPage() {
  const sessions = useActiveSessions();
  const revoke = useRevokeSession();
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">Active sessions</h1>
      {revoke.isError && <ErrorPanel title="The session could not be revoked" message={revoke.error.message} />}
      {sessions.isPending && <LoadingState label="Loading the sessions…" />}
      {sessions.isError && (
        <ErrorPanel
          title="The sessions could not be loaded"
          message={sessions.error.message}
          onRetry={() => void sessions.refetch()}
          retrying={sessions.isFetching}
        />
      )}
      {sessions.isSuccess && (
        <table className="study-table">
          <caption className="visually-hidden">Sessions that are signed in now, most recently active first</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Started</th>
              <th scope="col">Last seen</th>
              <th scope="col">Client address</th>
              <th scope="col">Sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((session) => (
              <SessionRow
                key={session.id}
                session={session}
                onRevoke={(id) => revoke.mutate(id)}
                revoking={revoke.isPending && revoke.variables === session.id}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
