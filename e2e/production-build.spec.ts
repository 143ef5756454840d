import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './support/fixtures.ts';

/** The build the global setup made is the production one (vite.config.ts): it must not publish the sources. */
test('the production build has no source maps, and the gateway serves none', async ({ request, stack }) => {
  const files = readdirSync(stack.distDir, { recursive: true, encoding: 'utf8' });
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  const scripts = files.filter((f) => /^assets\/.*\.js$/.test(f));
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(readFileSync(path.join(stack.distDir, script), 'utf8'), script).not.toContain('sourceMappingURL=');
  for (const script of scripts.slice(0, 3)) {
    expect((await request.get(`/${script}`)).status(), script).toBe(200);
    expect((await request.get(`/${script}.map`)).status(), `${script}.map`).toBe(404);
  }
});
