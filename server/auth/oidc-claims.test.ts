import { describe, expect, it } from 'vitest';
import { claimAt, displayNameFromClaims, hasRoleClaim, personNameFromClaims, rolesFromClaims, usernameFromClaims } from './oidc-claims.ts';

describe('claims → Readroom identity', () => {
  it('reads a claim at a dotted path, and a claim whose name holds dots', () => {
    const claims = { realm_access: { roles: ['radiology'] }, 'https://example.org/roles': ['x'], groups: 'a b' };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['radiology']);
    expect(claimAt(claims, 'https://example.org/roles')).toEqual(['x']);
    expect(claimAt(claims, 'realm_access.missing.deeper')).toBeUndefined();
    expect(claimAt(claims, 'groups.length')).toBeUndefined();
  });

  it('maps claim values to roles through the configured mapping only', () => {
    const provider = {
      roleClaim: 'realm_access.roles',
      roleMapping: { radiology: ['radiologist' as const], admins: ['admin' as const, 'radiologist' as const], qa: ['qa' as const] },
    };
    expect(rolesFromClaims({ realm_access: { roles: ['admins', 'radiology', 'cafeteria'] } }, provider)).toEqual(['radiologist', 'admin']);
    expect(rolesFromClaims({ realm_access: { roles: ['cafeteria', 'admin'] } }, provider)).toEqual([]);
    expect(rolesFromClaims({ realm_access: { roles: 'qa radiology' } }, provider)).toEqual(['radiologist', 'qa']);
    expect(rolesFromClaims({}, provider)).toEqual([]);
    expect(hasRoleClaim({}, provider)).toBe(false);
    expect(hasRoleClaim({ realm_access: { roles: [] } }, provider)).toBe(true);
  });

  it('takes the username from the configured claim, then preferred_username, then email', () => {
    expect(usernameFromClaims({ upn: 'Ada.Okafor@Hospital.org', preferred_username: 'ada' }, { usernameClaim: 'upn' })).toBe('ada.okafor@hospital.org');
    expect(usernameFromClaims({ preferred_username: 'Ada Okafor+rad' }, { usernameClaim: 'upn' })).toBe('ada-okafor-rad');
    expect(usernameFromClaims({ preferred_username: '__', email: 'ada@h.org' }, { usernameClaim: 'preferred_username' })).toBe('ada@h.org');
    expect(usernameFromClaims({ sub: '123' }, { usernameClaim: 'preferred_username' })).toBeUndefined();
  });

  it('names the person from name, or given and family names', () => {
    expect(displayNameFromClaims({ name: ' Ada Okafor ' }, 'ada')).toBe('Ada Okafor');
    expect(displayNameFromClaims({ given_name: 'Ada', family_name: 'Okafor' }, 'ada')).toBe('Ada Okafor');
    expect(displayNameFromClaims({}, 'ada')).toBe('ada');
    expect(personNameFromClaims({ given_name: 'Ada', family_name: 'Okafor' })).toBe('Okafor^Ada');
    expect(personNameFromClaims({ name: 'Ada Okafor' })).toBeUndefined();
  });
});
