import { z } from 'zod';
import { ROLES, type Role } from '../../src/auth/roles.ts';

/**
 * Identity providers for single sign-on (OpenID Connect). In the config file, `oidc: [ … ]`; from the
 * environment, one provider (`READROOM_OIDC_*`).
 */

export interface OidcProviderConfig {
  /** URL-safe id, part of the redirect URI `/api/auth/oidc/<id>/callback`. */
  id: string;
  /** Shown on the sign-in page ("Sign in with <label>"). */
  label: string;
  /** Issuer identifier; its `/.well-known/openid-configuration` is read at the first sign-in. */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only). Secret: never logged or published. */
  clientSecret?: string;
  /** Always includes `openid`. */
  scopes: string[];
  /** Dotted path of the claim carrying groups or roles, e.g. `groups` or `realm_access.roles`. */
  roleClaim: string;
  /** Claim value → Readroom roles. A user none of whose values is mapped is refused. */
  roleMapping: Record<string, Role[]>;
  /** Claim giving the Readroom username (default `preferred_username`, then `email`). */
  usernameClaim: string;
  /** The origin registered at the provider (`https://readroom.example.org`); unset: the request's own. */
  allowedRedirectOrigin?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function httpsOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '');
  } catch {
    return false;
  }
}

export const oidcProviderSchema = z
  .object({
    id: z
      .string({ error: 'expected a provider id' })
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lower-case letters, digits, "-" or "_" (it becomes part of the redirect URI)'),
    label: z.string({ error: 'expected a label shown on the sign-in page' }).trim().min(1, 'must not be empty').max(100),
    issuer: z
      .string({ error: 'expected the issuer URL' })
      .refine(httpsOrLoopback, 'expected an https:// issuer URL (http:// only on 127.0.0.1 or localhost, for testing)'),
    clientId: z.string({ error: 'expected the client id registered at the provider' }).min(1, 'must not be empty'),
    clientSecret: z.string().min(1, 'must not be empty').optional(),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'expected scope names without spaces'))
      .default(['openid', 'profile', 'email'])
      .transform((scopes) => (scopes.includes('openid') ? scopes : ['openid', ...scopes])),
    roleClaim: z
      .string({ error: 'expected the claim carrying groups or roles, e.g. "groups" or "realm_access.roles"' })
      .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'expected a claim name or dotted path, e.g. "realm_access.roles"'),
    roleMapping: z
      .record(z.string().min(1), z.array(z.enum(ROLES, { error: `expected roles among ${ROLES.join(', ')}` })).min(1, 'map to at least one role'), {
        error: 'expected an object of claim value → list of roles, e.g. {"radiology": ["radiologist"]}',
      })
      .refine((mapping) => Object.keys(mapping).length > 0, 'map at least one claim value to roles'),
    usernameClaim: z.string().min(1).default('preferred_username'),
    allowedRedirectOrigin: z
      .string()
      .refine(isOrigin, 'expected an origin without a path, e.g. "https://readroom.example.org"')
      .transform((value) => value.replace(/\/$/, ''))
      .optional(),
  })
  .strict();

export const oidcProvidersSchema = z.array(oidcProviderSchema, { error: 'expected a list of identity providers' }).superRefine((providers, ctx) => {
  const seen = new Set<string>();
  providers.forEach((provider, index) => {
    if (seen.has(provider.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate provider id "${provider.id}"` });
    seen.add(provider.id);
  });
});

/** Env var of each provider field, for messages about `READROOM_OIDC_*`. */
export const OIDC_ENV_NAMES: Record<string, string> = {
  'oidc.0.id': 'READROOM_OIDC_ID',
  'oidc.0.label': 'READROOM_OIDC_LABEL',
  'oidc.0.issuer': 'READROOM_OIDC_ISSUER',
  'oidc.0.clientId': 'READROOM_OIDC_CLIENT_ID',
  'oidc.0.clientSecret': 'READROOM_OIDC_CLIENT_SECRET',
  'oidc.0.scopes': 'READROOM_OIDC_SCOPES',
  'oidc.0.roleClaim': 'READROOM_OIDC_ROLE_CLAIM',
  'oidc.0.roleMapping': 'READROOM_OIDC_ROLE_MAP',
  'oidc.0.usernameClaim': 'READROOM_OIDC_USERNAME_CLAIM',
  'oidc.0.allowedRedirectOrigin': 'READROOM_OIDC_REDIRECT_ORIGIN',
};

/** `group:role,group2:role2` (a value may repeat to get several roles; a value may itself hold ':'). */
export function parseRoleMap(text: string): Record<string, string[]> | string {
  const mapping: Record<string, string[]> = {};
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.lastIndexOf(':');
    if (colon <= 0 || colon === entry.length - 1) return text;
    const value = entry.slice(0, colon).trim();
    (mapping[value] ??= []).push(entry.slice(colon + 1).trim());
  }
  return mapping;
}

/** The single provider of `READROOM_OIDC_*`, raw (validated with the rest of the config); undefined when unset. */
export function oidcFromEnv(env: Record<string, string | undefined>): unknown[] | undefined {
  const value = (name: string) => {
    const text = env[`READROOM_OIDC_${name}`]?.trim();
    return text ? text : undefined;
  };
  const issuer = value('ISSUER');
  if (issuer === undefined) return undefined;
  const roleMap = value('ROLE_MAP');
  const scopes = value('SCOPES');
  return [
    {
      id: value('ID') ?? 'sso',
      label: value('LABEL') ?? 'Single sign-on',
      issuer,
      clientId: value('CLIENT_ID'),
      clientSecret: env['READROOM_OIDC_CLIENT_SECRET'] || undefined,
      scopes: scopes?.split(/[\s,]+/).filter(Boolean),
      roleClaim: value('ROLE_CLAIM') ?? 'groups',
      roleMapping: roleMap === undefined ? undefined : parseRoleMap(roleMap),
      usernameClaim: value('USERNAME_CLAIM'),
      allowedRedirectOrigin: value('REDIRECT_ORIGIN'),
    },
  ];
}
