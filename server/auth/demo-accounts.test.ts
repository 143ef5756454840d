import { describe, expect, it } from 'vitest';
import { testDatabase } from '../test-gateway.ts';
import { findAccountByUsername } from './accounts.ts';
import { applyDemoAccounts } from './demo-accounts.ts';

describe('demo accounts', () => {
  it('include an arbiter (qa with the flag) and give the radiologists a review quota of 10, also when reset at the next start', async () => {
    const db = await testDatabase();
    expect(await applyDemoAccounts(db, 'demo-password-123')).toBe('created');
    expect(await findAccountByUsername(db, 'arbiter')).toMatchObject({ displayName: 'Ari Arbiter', roles: ['qa'], arbiter: true, demo: true });
    expect(await findAccountByUsername(db, 'qa')).toMatchObject({ displayName: 'Quinn Reviewer', arbiter: false, reviewQuota: 0 });
    for (const username of ['radiologist', 'radiologist2']) expect(await findAccountByUsername(db, username)).toMatchObject({ reviewQuota: 10 });
    await db.query("UPDATE accounts SET arbiter = false, review_quota = 0 WHERE username IN ('arbiter', 'radiologist')");
    await applyDemoAccounts(db, 'demo-password-123');
    expect(await findAccountByUsername(db, 'arbiter')).toMatchObject({ arbiter: true });
    expect(await findAccountByUsername(db, 'radiologist')).toMatchObject({ reviewQuota: 10 });
    expect(await applyDemoAccounts(db, undefined)).toBe('disabled');
    expect(await findAccountByUsername(db, 'arbiter')).toMatchObject({ disabled: true });
  });
});
