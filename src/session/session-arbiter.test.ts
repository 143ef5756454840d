import { describe, expect, it } from 'vitest';
import { hasPermission } from '../auth/roles.ts';
import { parseSession } from './session.ts';

const base = { username: 'arbiter', displayName: 'Ari Arbiter', personName: 'Arbiter^Ari', roles: ['qa'] };

describe('the session answer and the arbiter flag', () => {
  it('reads the arbiter flag, which grants arbitration to a qa account', () => {
    const session = parseSession({ ...base, arbiter: true });
    expect(session?.arbiter).toBe(true);
    expect(hasPermission(session!.roles, 'peer-review:arbitrate', { arbiter: session!.arbiter === true })).toBe(true);
  });

  it('takes an answer without the flag (a gateway before peer review) as not an arbiter', () => {
    const session = parseSession(base);
    expect(session).toEqual({ username: 'arbiter', displayName: 'Ari Arbiter', personName: 'Arbiter^Ari', roles: ['qa'] });
    expect(hasPermission(session!.roles, 'peer-review:arbitrate', { arbiter: session!.arbiter === true })).toBe(false);
  });
});
