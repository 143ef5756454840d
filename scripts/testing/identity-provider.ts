import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account } from 'oidc-provider';
import { CookieBrowser } from './cookie-browser.ts';

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
    clients: [
      { client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, response_types: ['code'], grant_types: ['authorization_code'] },
    ],
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

/**
 * Follows a sign-in like a person would: from Readroom's start URL through the provider's login form
 * (as `login`, any password) and consent form, or its Cancel link, up to the redirect back to Readroom.
 * Returns the provider's authorization URL and that callback URL, not yet requested.
 */
export async function throughIdentityProvider(
  browser: CookieBrowser,
  startUrl: URL,
  login: string,
  options: { cancel?: boolean } = {},
): Promise<{ authorizationUrl: URL; callbackUrl: URL }> {
  let url = startUrl;
  let response = await browser.request(url);
  if (response.status !== 303) throw new Error(`the start answered ${response.status}, not a redirect to the provider`);
  const authorizationUrl = new URL(response.headers.get('location')!);
  for (let step = 0; step < 20; step += 1) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url);
      if (url.origin === startUrl.origin) return { authorizationUrl, callbackUrl: url };
      response = await browser.request(url);
      continue;
    }
    if (response.status !== 200) throw new Error(`the provider answered ${response.status} at ${url.href}`);
    const html = await response.text();
    const cancel = /href="([^"]*\/abort)"/.exec(html)?.[1];
    if (options.cancel && cancel) {
      url = new URL(cancel, url);
      response = await browser.request(url);
      continue;
    }
    const form = CookieBrowser.form(html, url);
    if (!form) throw new Error(`no form on the provider's page ${url.href}`);
    const fields = 'login' in form.fields ? { ...form.fields, login, password: 'any password' } : form.fields;
    url = form.action;
    response = await browser.request(url, { method: 'POST', form: fields });
  }
  throw new Error('the sign-in did not come back to Readroom');
}
