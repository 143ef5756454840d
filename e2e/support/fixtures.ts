import { test as base, expect } from '@playwright/test';
import type { DemoUser } from './accounts.ts';
import { readStackState, type E2eStack } from './stack-state.ts';

/**
 * Every spec runs signed in as the radiologist unless it says otherwise:
 * `test.use({ signedInAs: 'qa' })`, or `null` for a browser nobody has signed in on.
 */
export const test = base.extend<{ stack: E2eStack; signedInAs: DemoUser | null }>({
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => use(readStackState()),
  signedInAs: ['radiologist', { option: true }],
  storageState: async ({ stack, signedInAs }, use) => use(signedInAs ? stack.storageStates[signedInAs] : { cookies: [], origins: [] }),
  baseURL: async ({ stack }, use) => use(stack.baseURL),
});

export { expect };
