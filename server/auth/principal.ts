import type { Role } from '../../src/auth/roles.ts';

/** Who a request comes from, once the session has been checked (see access.ts). */
export interface Principal {
  accountId: number;
  username: string;
  displayName: string;
  /** DICOM PN written into authored objects (GSPS Content Creator's Name, reports). */
  personName: string;
  roles: Role[];
  /** null: every data source / institution. */
  scope: { sources: string[] | null; institutions: string[] | null };
  /** Arbitrates peer reviews (with the qa role; src/auth/roles.ts `hasPermission(…, { arbiter })`). */
  arbiter: boolean;
  /** Peer reviews a month this radiologist takes from the queue (0: none). */
  reviewQuota: number;
  /** SHA-256 of the session cookie's token: names the session without revealing it. */
  sessionId: string;
  /**
   * Set for the recipient of a share link (a share session, not an account): it reaches only the routes
   * that open to share sessions (access.ts) and only the shared studies (server/dicomweb/scope.ts).
   */
  share?: ShareGrant;
}

export interface ShareGrant {
  /** The link's public id. */
  id: string;
  studies: ReadonlyArray<{ sourceId: string; studyUid: string; isPrior: boolean }>;
  recipient: string;
  /** Who shared it (shown to the recipient; nothing else of the creator is). */
  sharedBy: string;
  expiresAt: Date;
}

/** Display name "Ada Okafor" → DICOM PN "Okafor^Ada"; a name already in PN form is kept. */
export function personNameOf(displayName: string): string {
  const name = displayName.trim();
  if (name.includes('^')) return name;
  const parts = name.split(/\s+/).filter(Boolean);
  if (parts.length < 2) return name;
  const family = parts[parts.length - 1]!;
  return `${family}^${parts.slice(0, -1).join(' ')}`;
}
