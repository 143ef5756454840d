import type { Role } from '../../src/auth/roles.ts';
import type { Database } from '../db/database.ts';
import { createAccount, findAccountByUsername, resetPassword, setPeerReviewSettings } from './accounts.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

/**
 * The demo accounts of `READROOM_DEMO_PASSWORD=<pw> npm start`: created, or reset to that password,
 * at every start with it; disabled at every start without it, so that no demo account exists unless asked for.
 */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; displayName: string; roles: Role[]; arbiter: boolean; reviewQuota: number }> = [
  { username: 'radiologist', displayName: 'Ada Radiologist', roles: ['radiologist'], arbiter: false, reviewQuota: 10 },
  { username: 'radiologist2', displayName: 'Ben Radiologist', roles: ['radiologist'], arbiter: false, reviewQuota: 10 },
  { username: 'qa', displayName: 'Quinn Reviewer', roles: ['qa'], arbiter: false, reviewQuota: 0 },
  { username: 'arbiter', displayName: 'Ari Arbiter', roles: ['qa'], arbiter: true, reviewQuota: 0 },
  { username: 'admin', displayName: 'Alex Admin', roles: ['admin'], arbiter: false, reviewQuota: 0 },
];

export async function applyDemoAccounts(db: Database, password: string | undefined): Promise<'created' | 'disabled'> {
  if (password === undefined || password === '') {
    await db.query(`UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE demo)`);
    await db.query('UPDATE accounts SET disabled = true, updated_at = now() WHERE demo AND NOT disabled');
    return 'disabled';
  }
  const problem = passwordProblem(password);
  if (problem) throw new Error(`READROOM_DEMO_PASSWORD: ${problem}`);
  const hash = await hashPassword(password);
  for (const demo of DEMO_ACCOUNTS) {
    const existing = await findAccountByUsername(db, demo.username);
    if (!existing) {
      await createAccount(db, { ...demo, passwordHash: hash, demo: true });
    } else if (existing.demo) {
      await resetPassword(db, existing.id, hash);
      await db.query('UPDATE accounts SET roles = $2, display_name = $3 WHERE id = $1', [existing.id, demo.roles, demo.displayName]);
      await setPeerReviewSettings(db, existing.id, { arbiter: demo.arbiter, reviewQuota: demo.reviewQuota });
    } else {
      throw new Error(`READROOM_DEMO_PASSWORD: an account named "${demo.username}" exists and is not a demo account; it was left as it is.`);
    }
  }
  return 'created';
}
