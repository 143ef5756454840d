/**
 * Readroom's roles and what each may do. Shared by the gateway, which enforces it on every route, and
 * by the app, which only hides what a role cannot do (the gateway is the gate).
 */
export const ROLES = ['radiologist', 'qa', 'referrer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** QIDO and WADO: find studies and read their images. */
  'images:read',
  /** STOW: store objects the reader authored (presentation states). */
  'images:write',
  /** The worklist and its shared state. */
  'worklist:use',
  /** Read and export the audit trail. */
  'audit:read',
  /** Accounts and sessions of other users. */
  'users:manage',
  /** Create share links for referring clinicians, list and revoke one's own (and see their access history). */
  'shares:create',
  /** List and revoke every user's share links. */
  'shares:manage',
  /** See where a study's signed reports went (delivered / retrying / failed, per destination). */
  'deliveries:read',
  /** Every undelivered report across studies, and "retry now". */
  'deliveries:manage',
  /** Write report drafts, sign reports (preliminary, final) and add addenda. */
  'reports:write',
  /** Claim a study for reading (and release or take over a claim), and take the next unread study. */
  'reading:claim',
  /** Set a study's reading priority (STAT, urgent, routine). */
  'reading:prioritize',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  radiologist: ['images:read', 'images:write', 'worklist:use', 'shares:create', 'reports:write', 'deliveries:read', 'reading:claim', 'reading:prioritize'],
  qa: ['images:read', 'worklist:use'],
  // A referrer sees only what a share link grants (a share session, not a role permission).
  referrer: [],
  // An admin may create links too (the contract: "radiologist or admin"), only to studies in the account's scope.
  admin: ['audit:read', 'users:manage', 'shares:create', 'shares:manage', 'deliveries:read', 'deliveries:manage', 'reading:prioritize'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => GRANTS[role]));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}
