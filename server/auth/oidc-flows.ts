import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { hashToken } from './sessions.ts';

/**
 * Sign-ins in progress at an identity provider, kept in the database (any gateway replica may receive
 * the callback) and keyed by the SHA-256 of a random token the browser holds in a cookie. A flow is
 * taken exactly once: a replayed callback finds nothing.
 */

export const FLOW_LIFETIME_MS = 10 * 60_000;
/** Unfinished sign-ins one client address may have at a time (each is a row anyone can make). */
export const FLOWS_PER_CLIENT = 20;

export interface OidcFlow {
  providerId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  nextPath: string;
}

interface FlowRow {
  provider_id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  next_path: string;
  expired: boolean;
}

/** Stores a flow and returns the token for the browser's cookie; undefined when the client has too many open. */
export async function saveFlow(db: Queryable, flow: OidcFlow, clientAddress: string): Promise<string | undefined> {
  await db.query('DELETE FROM oidc_flows WHERE expires_at < now()');
  const [open] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM oidc_flows WHERE client_address = $1', [clientAddress]);
  if ((open?.n ?? 0) >= FLOWS_PER_CLIENT) return undefined;
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO oidc_flows (token_hash, provider_id, state, nonce, code_verifier, redirect_uri, next_path, client_address, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9))`,
    [hashToken(token), flow.providerId, flow.state, flow.nonce, flow.codeVerifier, flow.redirectUri, flow.nextPath, clientAddress, FLOW_LIFETIME_MS / 1000],
  );
  return token;
}

/** Removes the flow of this token and returns it, unless it has expired. */
export async function takeFlow(db: Queryable, token: string | undefined): Promise<OidcFlow | undefined> {
  if (!token || token.length > 100) return undefined;
  const [row] = await db.query<FlowRow>(
    `DELETE FROM oidc_flows WHERE token_hash = $1
     RETURNING provider_id, state, nonce, code_verifier, redirect_uri, next_path, expires_at < now() AS expired`,
    [hashToken(token)],
  );
  if (!row || row.expired) return undefined;
  return {
    providerId: row.provider_id,
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    redirectUri: row.redirect_uri,
    nextPath: row.next_path,
  };
}
