import type { Role } from '../../src/auth/roles.ts';
import type { OidcProviderConfig } from './oidc-config.ts';

/** What Readroom takes from an identity provider's claims: roles, username and name. Pure. */

export type Claims = Record<string, unknown>;

/** The value at a dotted path (`realm_access.roles`); a claim whose own name holds dots is found too. */
export function claimAt(claims: Claims, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Claims)[part];
  }
  return value;
}

/** A claim as a list of strings: an array's strings, a single string, or (some providers) a space-separated list. */
function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

/** The Readroom roles the claims map to, in mapping order, each once; empty when no value is mapped. */
export function rolesFromClaims(claims: Claims, provider: Pick<OidcProviderConfig, 'roleClaim' | 'roleMapping'>): Role[] {
  const values = new Set(claimValues(claimAt(claims, provider.roleClaim)));
  const roles = new Set<Role>();
  for (const [value, mapped] of Object.entries(provider.roleMapping)) {
    if (values.has(value)) mapped.forEach((role) => roles.add(role));
  }
  return [...roles];
}

/** Whether the claims carry the role claim at all (to tell "no groups sent" from "groups not mapped"). */
export function hasRoleClaim(claims: Claims, provider: Pick<OidcProviderConfig, 'roleClaim'>): boolean {
  return claimAt(claims, provider.roleClaim) !== undefined;
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/**
 * The Readroom username for these claims: the configured claim, else `preferred_username`, else `email`,
 * lower-cased, characters Readroom does not allow replaced by '-'. Undefined when none gives a valid name.
 */
export function usernameFromClaims(claims: Claims, provider: Pick<OidcProviderConfig, 'usernameClaim'>): string | undefined {
  for (const path of [provider.usernameClaim, 'preferred_username', 'email']) {
    const value = claimAt(claims, path);
    if (typeof value !== 'string') continue;
    const username = value
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9._@-]/g, '-')
      .slice(0, 64);
    if (USERNAME.test(username)) return username;
  }
  return undefined;
}

export function displayNameFromClaims(claims: Claims, fallback: string): string {
  const name = claimAt(claims, 'name');
  if (typeof name === 'string' && name.trim()) return name.trim().slice(0, 200);
  const given = claimAt(claims, 'given_name');
  const family = claimAt(claims, 'family_name');
  const parts = [given, family].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length > 0 ? parts.join(' ').slice(0, 200) : fallback;
}

/** DICOM PN from `family_name` / `given_name` when the provider sends them (otherwise derived from the display name). */
export function personNameFromClaims(claims: Claims): string | undefined {
  const family = claimAt(claims, 'family_name');
  const given = claimAt(claims, 'given_name');
  if (typeof family !== 'string' || !family.trim()) return undefined;
  return typeof given === 'string' && given.trim() ? `${family.trim()}^${given.trim()}` : family.trim();
}
