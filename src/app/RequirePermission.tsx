import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Permission } from '../auth/roles.ts';
import { usePermission } from '../page-context/useSession.ts';

const WHAT: Record<Permission, string> = {
  'images:read': 'open studies and images',
  'images:write': 'store annotations in the archive',
  'worklist:use': 'use the worklist',
  'audit:read': 'read the audit trail',
  'users:manage': 'manage users and sessions',
  'shares:create': 'share studies with a link',
  'shares:manage': "manage other users' share links",
  'deliveries:read': 'see where signed reports were delivered',
  'deliveries:manage': 'manage report deliveries',
  'reports:write': 'write and sign reports',
  'reading:claim': 'claim studies for reading',
  'reading:prioritize': "set studies' reading priority",
  'peer-review:review': 'review studies for peer review',
  'peer-review:add': 'add studies to peer review',
  'peer-review:arbitrate': 'arbitrate peer reviews',
  'peer-review:tasks': 'see what peer review found in your reads',
  'peer-review:statistics': "see every reader's peer-review figures",
  'peer-review:identities': 'see who is behind the peer-review pseudonyms',
};

/** Shows `children` only to a user whose roles grant `permission`; says so to anyone else. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  if (usePermission(permission)) return children;
  return (
    <div className="error-panel" role="alert">
      <h2>Not open to your account</h2>
      <p>Your account is not allowed to {WHAT[permission]}.</p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </div>
  );
}
