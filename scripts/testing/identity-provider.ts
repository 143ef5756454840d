import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account } from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider, the certified implementation) on 127.0.0.1 for the
 * tests: one confidential client that must use PKCE, its development login and consent pages (any
 * password), and the users given here with their claims (e.g. `groups`).
 */

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export interface TestIdentityProviderOptions {
  redirectUris: string[];
  /** Login name → claims released for the `profile` and `groups` scopes. */
  users: Record<string, Record<string, unknown>>;
}

export async function startTestIdentityProvider(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'readroom-test';
  const clientSecret = 'readroom-test-secret-0123456789abcdef';
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, response_types: ['code'], grant_types: ['authorization_code'] }],
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['readroom-test-idp-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name', 'preferred_username'], groups: ['groups'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    async findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
      const claims = options.users[sub];
      return claims ? { accountId: sub, claims: () => ({ sub, ...claims }) } : undefined;
    },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
