import * as client from 'openid-client';
import { hasRoleClaim, usernameFromClaims, type Claims } from './oidc-claims.ts';
import type { OidcProviderConfig } from './oidc-config.ts';
import type { OidcFlow } from './oidc-flows.ts';

/**
 * The relying-party side of OpenID Connect, done by openid-client: discovery (once per provider and
 * process, again after a failure), the authorization request (code + PKCE S256 + state + nonce), and
 * the callback (state, `iss`, code exchange, ID token signature, audience, nonce and expiry). Claims
 * the ID token lacks (some providers put groups only in UserInfo) are read from the UserInfo endpoint.
 */

const REQUEST_TIMEOUT_S = 10;

export type OidcFailureKind = 'idp_unreachable' | 'idp_refused' | 'idp_response_invalid';

/** A failure of the exchange with the provider, worded for the person signing in. */
export class OidcFailure extends Error {
  override name = 'OidcFailure';
  constructor(
    readonly kind: OidcFailureKind,
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

function detailOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
}

function unreachable(provider: OidcProviderConfig, error: unknown): OidcFailure {
  return new OidcFailure('idp_unreachable', `${provider.label} cannot be reached at the moment. Try again in a few minutes.`, detailOf(error));
}

/** A failure of the callback's exchange: the provider said no, was not there, or answered something that does not verify. */
function describeExchangeError(error: unknown, provider: OidcProviderConfig): OidcFailure {
  if (error instanceof OidcFailure) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcFailure('idp_refused', `${provider.label} did not sign you in (${error.error_description ?? error.error}).`, detailOf(error));
  }
  if (
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return unreachable(provider, error);
  }
  return new OidcFailure(
    'idp_response_invalid',
    `The answer from ${provider.label} could not be verified, so you were not signed in. Start again.`,
    detailOf(error),
  );
}

export interface AuthorizationRequest {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export class OidcClients {
  private readonly configurations = new Map<string, Promise<client.Configuration>>();

  /** The provider's discovered metadata; an `OidcFailure` (unreachable) when discovery fails. */
  private configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
    let configuration = this.configurations.get(provider.id);
    if (!configuration) {
      const issuer = new URL(provider.issuer);
      const authentication = provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None();
      configuration = client
        .discovery(issuer, provider.clientId, provider.clientSecret, authentication, {
          // Plain HTTP is allowed only for a loopback issuer (config.ts refuses any other).
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
          timeout: REQUEST_TIMEOUT_S,
        })
        .catch((error: unknown) => {
          this.configurations.delete(provider.id);
          throw unreachable(provider, error);
        });
      this.configurations.set(provider.id, configuration);
    }
    return configuration;
  }

  /** The provider's authorization URL for this request; throws an `OidcFailure` when it cannot be reached. */
  async authorizationUrl(provider: OidcProviderConfig, request: AuthorizationRequest): Promise<URL> {
    const configuration = await this.configuration(provider);
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: request.redirectUri,
      scope: provider.scopes.join(' '),
      state: request.state,
      nonce: request.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(request.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Checks the callback against the flow, exchanges the code and returns the verified identity's claims. */
  async claimsOfCallback(provider: OidcProviderConfig, callbackUrl: URL, flow: OidcFlow): Promise<Claims & { iss: string; sub: string }> {
    try {
      const configuration = await this.configuration(provider);
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      let claims: Claims = idToken;
      if ((!hasRoleClaim(idToken, provider) || !usernameFromClaims(idToken, provider)) && configuration.serverMetadata().userinfo_endpoint) {
        const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...userInfo, ...idToken };
      }
      return { ...claims, iss: idToken.iss, sub: idToken.sub };
    } catch (error) {
      throw describeExchangeError(error, provider);
    }
  }
}
