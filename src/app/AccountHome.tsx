import { Link } from 'react-router';
import { usePermission, useSession } from '../page-context/useSession.ts';

/**
 * The start page of an account that does not read images (an administrator): where it can go instead
 * of a worklist it may not query.
 */
export function AccountHome() {
  const session = useSession();
  const audits = usePermission('audit:read');
  const manages = usePermission('users:manage');
  return (
    <div className="account-home">
      <h1>Readroom</h1>
      <p>Signed in as {session?.displayName || session?.username}. This account does not open studies or images.</p>
      {audits || manages ? (
        <>
          <h2>Administration</h2>
          <ul>
            {audits && (
              <li>
                <Link to="/admin/audit">Audit trail</Link>: who opened, changed or exported what, and when.
              </li>
            )}
            {manages && (
              <li>
                <Link to="/admin/sessions">Sessions</Link>: who is signed in, and ending their sessions.
              </li>
            )}
          </ul>
        </>
      ) : (
        <p>Your account has no role that opens anything here yet. Ask an administrator to give it one.</p>
      )}
    </div>
  );
}
