import { NavLink } from 'react-router';
import { usePermission } from '../page-context/useSession.ts';
import { usePeerReviewNavigation } from '../qa/peer-review-tabs.ts';
import { usePeerReviewSummary } from '../qa/usePeerReview.ts';

/** "Peer review" with the number of things waiting for the user (cases, arbitrations, tasks). */
function PeerReviewLink() {
  const summary = usePeerReviewSummary(true);
  const waiting = summary.data ? summary.data.queue + summary.data.arbitration + summary.data.tasks : 0;
  return (
    <NavLink to="/peer-review">
      Peer review
      {waiting > 0 && (
        <>
          <span className="nav-badge" aria-hidden="true">
            {waiting}
          </span>
          <span className="visually-hidden"> ({waiting} waiting)</span>
        </>
      )}
    </NavLink>
  );
}

/** The app's sections, only those the signed-in user's roles open (the administration pages live in src/admin). */
export function AppNav() {
  const reads = usePermission('images:read');
  const audits = usePermission('audit:read');
  const manages = usePermission('users:manage');
  const deliveries = usePermission('deliveries:manage');
  const peerReview = usePeerReviewNavigation();
  if (!reads && !audits && !manages && !deliveries && !peerReview) return null;
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {reads && (
          <li>
            <NavLink to="/" end>
              Worklist
            </NavLink>
          </li>
        )}
        {peerReview && (
          <li>
            <PeerReviewLink />
          </li>
        )}
        {audits && (
          <li>
            <NavLink to="/admin/audit">Audit trail</NavLink>
          </li>
        )}
        {manages && (
          <li>
            <NavLink to="/admin/sessions">Sessions</NavLink>
          </li>
        )}
        {deliveries && (
          <li>
            <NavLink to="/admin/deliveries">Report deliveries</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}
