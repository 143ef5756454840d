import { NavLink } from 'react-router';
import { usePermission } from '../page-context/useSession.ts';

/** The app's sections, only those the signed-in user's roles open (the administration pages live in src/admin). */
export function AppNav() {
  const reads = usePermission('images:read');
  const audits = usePermission('audit:read');
  const manages = usePermission('users:manage');
  const deliveries = usePermission('deliveries:manage');
  if (!reads && !audits && !manages && !deliveries) return null;
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
