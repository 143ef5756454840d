import { Link } from 'react-router';
import { hasPermission, isRole } from '../auth/roles.ts';

/** The app shell's way to the audit trail, for roles that may read it (the gateway checks again). */
export function AuditLink({ roles }: { roles: readonly string[] }) {
  if (!hasPermission(roles.filter(isRole), 'audit:read')) return null;
  return (
    <Link to="/admin/audit" className="audit-link">
      Audit trail
    </Link>
  );
}
