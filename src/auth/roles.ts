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
  /** Review peer-review cases (QA staff; radiologists within their review quota): the queue, a case, a score. */
  'peer-review:review',
  /** Add a finalised study to the peer-review pool by hand (a discrepancy found in clinical work). */
  'peer-review:add',
  /** Confirm or change serious scores: only the qa role together with the account's arbiter flag. */
  'peer-review:arbitrate',
  /** The tasks peer review gave the original reader (review the study, add an addendum where needed), and their own figures. */
  'peer-review:tasks',
  /** Every reader's figures (under pseudonyms) and the RADPEER CSV export. */
  'peer-review:statistics',
  /** Who is behind each pseudonym. */
  'peer-review:identities',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  radiologist: [
    'images:read',
    'images:write',
    'worklist:use',
    'shares:create',
    'reports:write',
    'deliveries:read',
    'reading:claim',
    'reading:prioritize',
    'peer-review:review',
    'peer-review:tasks',
  ],
  qa: ['images:read', 'worklist:use', 'peer-review:review', 'peer-review:add', 'peer-review:statistics'],
  // A referrer sees only what a share link grants (a share session, not a role permission).
  referrer: [],
  // An admin may create links too (the contract: "radiologist or admin"), only to studies in the account's scope.
  admin: [
    'audit:read',
    'users:manage',
    'shares:create',
    'shares:manage',
    'deliveries:read',
    'deliveries:manage',
    'reading:prioritize',
    'peer-review:statistics',
    'peer-review:identities',
  ],
};

/** Granted by an account flag rather than a role: arbitration belongs to QA staff the committee names. */
const ARBITER_GRANTS: readonly Permission[] = ['peer-review:arbitrate'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The account flags that add permissions to a role's (only a qa account can be an arbiter). */
export interface AccountFlags {
  arbiter?: boolean;
}

function arbiterGrants(roles: readonly Role[], flags: AccountFlags): readonly Permission[] {
  return flags.arbiter === true && roles.includes('qa') ? ARBITER_GRANTS : [];
}

export function permissionsOf(roles: readonly Role[], flags: AccountFlags = {}): Set<Permission> {
  return new Set([...roles.flatMap((role) => GRANTS[role]), ...arbiterGrants(roles, flags)]);
}

export function hasPermission(roles: readonly Role[], permission: Permission, flags: AccountFlags = {}): boolean {
  return roles.some((role) => GRANTS[role].includes(permission)) || arbiterGrants(roles, flags).includes(permission);
}
