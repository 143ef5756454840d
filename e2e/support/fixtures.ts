import { test as base, expect } from '@playwright/test';
import { readStackState, type E2eStack } from './stack-state.ts';

export const test = base.extend<{ stack: E2eStack }>({
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => use(readStackState()),
  baseURL: async ({ stack }, use) => use(stack.baseURL),
});

export { expect };
