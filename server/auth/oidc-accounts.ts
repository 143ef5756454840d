import type { Database } from '../db/database.ts';
import { createAccount, findAccountByOidcSubject, findAccountByUsername, updateProfile, type Account } from './accounts.ts';
import { displayNameFromClaims, hasRoleClaim, personNameFromClaims, rolesFromClaims, usernameFromClaims, type Claims } from './oidc-claims.ts';
import type { OidcProviderConfig } from './oidc-config.ts';
import { personNameOf } from './principal.ts';

/**
 * The Readroom account of a person the identity provider vouched for, keyed by (issuer, subject):
 * created at the first sign-in, its name and roles refreshed from the claims at every sign-in. Nobody
 * without a mapped role gets an account or a session; an existing account of the same username that
 * is not this identity is never taken over.
 */

export type OidcAccountResult = { kind: 'ok'; account: Account } | { kind: 'refused'; error: OidcRefusal; message: string };

export type OidcRefusal = 'no_role' | 'no_username' | 'username_taken' | 'account_disabled';

export async function accountForClaims(db: Database, provider: OidcProviderConfig, claims: Claims & { iss: string; sub: string }): Promise<OidcAccountResult> {
  const roles = rolesFromClaims(claims, provider);
  if (roles.length === 0) {
    const why = hasRoleClaim(claims, provider)
      ? `none of your groups or roles at ${provider.label} is allowed to use Readroom`
      : `${provider.label} did not send the "${provider.roleClaim}" claim Readroom reads roles from`;
    return { kind: 'refused', error: 'no_role', message: `You are signed in at ${provider.label}, but ${why}. Ask your administrator for access.` };
  }

  const existing = await findAccountByOidcSubject(db, claims.iss, claims.sub);
  if (existing?.disabled) {
    return { kind: 'refused', error: 'account_disabled', message: 'Your Readroom account is disabled. Ask your administrator.' };
  }
  const username = existing?.username ?? usernameFromClaims(claims, provider);
  if (!username) {
    return {
      kind: 'refused',
      error: 'no_username',
      message: `${provider.label} did not send a usable username ("${provider.usernameClaim}", "preferred_username" or "email"). Ask your administrator.`,
    };
  }
  const displayName = displayNameFromClaims(claims, username);
  const profile = { displayName, personName: personNameFromClaims(claims) ?? personNameOf(displayName), roles };
  if (existing) return { kind: 'ok', account: await updateProfile(db, existing.id, profile) };

  if (await findAccountByUsername(db, username)) {
    return {
      kind: 'refused',
      error: 'username_taken',
      message: `Readroom already has an account named "${username}" that is not linked to ${provider.label}. Ask your administrator.`,
    };
  }
  return { kind: 'ok', account: await createAccount(db, { username, ...profile, oidc: { issuer: claims.iss, subject: claims.sub } }) };
}
