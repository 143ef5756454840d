import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, loadConfig } from '../config.ts';
import { parseRoleMap } from './oidc-config.ts';

const ENV = {
  READROOM_OIDC_ISSUER: 'https://idp.example.org/realms/hospital',
  READROOM_OIDC_CLIENT_ID: 'readroom',
  READROOM_OIDC_CLIENT_SECRET: 's3cret',
  READROOM_OIDC_ROLE_CLAIM: 'realm_access.roles',
  READROOM_OIDC_ROLE_MAP: 'radiology:radiologist, qa-team:qa, pacs-admins:admin, pacs-admins:radiologist',
  READROOM_OIDC_LABEL: 'Hospital account',
};

describe('identity providers in the configuration', () => {
  it('has none unless READROOM_OIDC_ISSUER is set', () => {
    expect(configFromEnv({}).oidc).toEqual([]);
  });

  it('reads one provider from READROOM_OIDC_*', () => {
    expect(configFromEnv(ENV).oidc).toEqual([
      {
        id: 'sso',
        label: 'Hospital account',
        issuer: 'https://idp.example.org/realms/hospital',
        clientId: 'readroom',
        clientSecret: 's3cret',
        scopes: ['openid', 'profile', 'email'],
        roleClaim: 'realm_access.roles',
        roleMapping: { radiology: ['radiologist'], 'qa-team': ['qa'], 'pacs-admins': ['admin', 'radiologist'] },
        usernameClaim: 'preferred_username',
      },
    ]);
    const more = configFromEnv({
      ...ENV,
      READROOM_OIDC_ID: 'kc',
      READROOM_OIDC_SCOPES: 'profile groups',
      READROOM_OIDC_USERNAME_CLAIM: 'email',
      READROOM_OIDC_REDIRECT_ORIGIN: 'https://readroom.example.org/',
    }).oidc[0];
    expect(more).toMatchObject({
      id: 'kc',
      scopes: ['openid', 'profile', 'groups'],
      usernameClaim: 'email',
      allowedRedirectOrigin: 'https://readroom.example.org',
    });
  });

  it('splits a role map at the last colon, so claim values may hold colons', () => {
    expect(parseRoleMap('urn:group:rad:radiologist,a:qa')).toEqual({ 'urn:group:rad': ['radiologist'], a: ['qa'] });
    expect(parseRoleMap('radiologist')).toBe('radiologist');
  });

  it('names the variable of each problem', () => {
    const attempt = () =>
      configFromEnv({
        READROOM_OIDC_ISSUER: 'http://idp.example.org',
        READROOM_OIDC_ROLE_MAP: 'radiology:surgeon',
        READROOM_OIDC_REDIRECT_ORIGIN: 'https://readroom.example.org/app',
      });
    expect(attempt).toThrow(/READROOM_OIDC_ISSUER: expected an https:\/\/ issuer URL/);
    expect(attempt).toThrow(/READROOM_OIDC_CLIENT_ID: expected the client id/);
    expect(attempt).toThrow(/READROOM_OIDC_ROLE_MAP: expected roles among radiologist, qa, referrer, admin/);
    expect(attempt).toThrow(/READROOM_OIDC_REDIRECT_ORIGIN: expected an origin without a path/);
    expect(() => configFromEnv({ ...ENV, READROOM_OIDC_ROLE_MAP: 'radiologist' })).toThrow(/READROOM_OIDC_ROLE_MAP: expected an object of claim value/);
    expect(() => configFromEnv({ ...ENV, READROOM_OIDC_ROLE_MAP: undefined })).toThrow(/READROOM_OIDC_ROLE_MAP/);
  });

  it('allows plain http only for an issuer on the loopback interface', () => {
    expect(configFromEnv({ ...ENV, READROOM_OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc[0]?.issuer).toBe('http://127.0.0.1:9000');
    expect(configFromEnv({ ...ENV, READROOM_OIDC_ISSUER: 'http://localhost:9000/realms/x' }).oidc[0]?.issuer).toBe('http://localhost:9000/realms/x');
  });

  describe('in a READROOM_CONFIG file', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    function write(content: unknown): string {
      dir = mkdtempSync(path.join(tmpdir(), 'readroom-config-'));
      const file = path.join(dir, 'gateway.json');
      writeFileSync(file, JSON.stringify(content));
      return file;
    }
    const sources = [{ id: 'main', label: 'Main', upstream: { root: 'http://127.0.0.1:8042/dicom-web' } }];
    const provider = {
      id: 'entra',
      label: 'Microsoft',
      issuer: 'https://login.microsoftonline.com/t/v2.0',
      clientId: 'c',
      roleClaim: 'groups',
      roleMapping: { g1: ['qa'] },
    };

    it('takes several providers and, when it names none, the one of the environment', () => {
      const file = write({ sources, oidc: [provider, { ...provider, id: 'kc', label: 'Keycloak', scopes: ['openid', 'groups'] }] });
      expect(loadConfig({ READROOM_CONFIG: file, ...ENV }).oidc.map((p) => p.id)).toEqual(['entra', 'kc']);
      expect(loadConfig({ READROOM_CONFIG: write({ sources }), ...ENV }).oidc.map((p) => p.id)).toEqual(['sso']);
    });

    it('names the JSON path of each problem', () => {
      const file = write({ sources, oidc: [provider, { ...provider, roleMapping: {}, extra: 1 }] });
      expect(() => loadConfig({ READROOM_CONFIG: file })).toThrow(/oidc\[1\]\.id: duplicate provider id "entra"/);
      expect(() => loadConfig({ READROOM_CONFIG: file })).toThrow(/oidc\[1\]\.roleMapping: map at least one claim value/);
      expect(() => loadConfig({ READROOM_CONFIG: file })).toThrow(/oidc\[1\]: Unrecognized key/);
    });
  });
});
