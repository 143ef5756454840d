import { describe, expect, it } from 'vitest';
import { hasPermission, isRole, permissionsOf } from './roles.ts';

describe('roles', () => {
  it('lets a radiologist read and store images but not read the audit trail', () => {
    expect(hasPermission(['radiologist'], 'images:read')).toBe(true);
    expect(hasPermission(['radiologist'], 'images:write')).toBe(true);
    expect(hasPermission(['radiologist'], 'audit:read')).toBe(false);
  });

  it('gives an admin no image reading unless also a radiologist', () => {
    expect(hasPermission(['admin'], 'images:read')).toBe(false);
    expect(hasPermission(['admin', 'radiologist'], 'images:read')).toBe(true);
  });

  it('lets qa read but not store, and a referrer nothing by role', () => {
    expect([...permissionsOf(['qa'])].sort()).toEqual(['images:read', 'peer-review:add', 'peer-review:review', 'peer-review:statistics', 'worklist:use']);
    expect(permissionsOf(['referrer']).size).toBe(0);
  });

  it('lets a radiologist and an admin create share links, and only an admin manage all of them', () => {
    expect(hasPermission(['radiologist'], 'shares:create')).toBe(true);
    expect(hasPermission(['admin'], 'shares:create')).toBe(true);
    expect(hasPermission(['qa'], 'shares:create')).toBe(false);
    expect(hasPermission(['referrer'], 'shares:create')).toBe(false);
    expect(hasPermission(['radiologist'], 'shares:manage')).toBe(false);
    expect(hasPermission(['admin'], 'shares:manage')).toBe(true);
    expect(hasPermission(['radiologist'], 'reports:write')).toBe(true);
    for (const role of ['qa', 'referrer', 'admin'] as const) expect(hasPermission([role], 'reports:write')).toBe(false);
  });

  it('shows report deliveries to a radiologist and an admin, and lets only an admin retry them', () => {
    expect(hasPermission(['radiologist'], 'deliveries:read')).toBe(true);
    expect(hasPermission(['admin'], 'deliveries:read')).toBe(true);
    expect(hasPermission(['qa'], 'deliveries:read')).toBe(false);
    expect(hasPermission(['referrer'], 'deliveries:read')).toBe(false);
    expect(hasPermission(['radiologist'], 'deliveries:manage')).toBe(false);
    expect(hasPermission(['admin'], 'deliveries:manage')).toBe(true);
  });

  it('knows its roles', () => {
    expect(isRole('qa')).toBe(true);
    expect(isRole('root')).toBe(false);
  });

  it('lets only a qa account with the arbiter flag arbitrate peer reviews', () => {
    expect(hasPermission(['qa'], 'peer-review:arbitrate')).toBe(false);
    expect(hasPermission(['qa'], 'peer-review:arbitrate', { arbiter: true })).toBe(true);
    expect(hasPermission(['radiologist'], 'peer-review:arbitrate', { arbiter: true })).toBe(false);
    expect(hasPermission(['admin'], 'peer-review:arbitrate', { arbiter: true })).toBe(false);
    expect(permissionsOf(['qa'], { arbiter: true }).has('peer-review:arbitrate')).toBe(true);
  });

  it("shows every reader's figures to QA and admins, the pseudonyms behind them to admins only", () => {
    for (const role of ['qa', 'admin'] as const) expect(hasPermission([role], 'peer-review:statistics')).toBe(true);
    expect(hasPermission(['radiologist'], 'peer-review:statistics')).toBe(false);
    expect(hasPermission(['admin'], 'peer-review:identities')).toBe(true);
    for (const role of ['qa', 'radiologist'] as const) expect(hasPermission([role], 'peer-review:identities')).toBe(false);
  });
});
