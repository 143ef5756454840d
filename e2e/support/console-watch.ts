import type { Page } from '@playwright/test';

/** What a page printed or failed at that a reader's normal use must not produce. */
export interface ConsoleProblems {
  messages: string[];
  pageErrors: string[];
  failedResponses: string[];
}

/**
 * Collects console messages of type error and warning, uncaught page errors and responses with status ≥ 400
 * from now on. Read `problems` at the end (a snapshot of the lists, which keep growing).
 */
export function watchConsole(page: Page): { problems: () => ConsoleProblems } {
  const messages: string[] = [];
  const pageErrors: string[] = [];
  const failedResponses: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      const where = msg.location();
      messages.push(`${msg.type()}: ${msg.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(String(err.stack ?? err)));
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { problems: () => ({ messages: [...messages], pageErrors: [...pageErrors], failedResponses: [...failedResponses] }) };
}
