import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGatewayProcess, type GatewayProcess } from '../scripts/lib/gateway-process.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { stackArchiveUpstream } from './support/archive.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { shownStudyUids } from './support/worklist.ts';

let gateway: GatewayProcess | undefined;
let configDir: string | undefined;

test.afterEach(async () => {
  await gateway?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

test('with several data sources a labelled selector switches between them and the choice is in the URL', async ({ page, stack }) => {
  const upstream = stackArchiveUpstream(stack);
  configDir = mkdtempSync(path.join(tmpdir(), 'readroom-sources-'));
  const configPath = path.join(configDir, 'readroom.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      staticDir: stack.distDir,
      sources: [
        { id: 'main', label: 'Main archive', upstream, quirks: { queryValueEncoding: 'literal' } },
        { id: 'mirror', label: 'Mirror archive', upstream, quirks: { queryValueEncoding: 'literal' } },
      ],
    }),
  );
  gateway = await startGatewayProcess({ port: await freePort(), staticDir: stack.distDir, env: { READROOM_CONFIG: configPath, LOG_LEVEL: 'warn' } });
  const studies = readManifest(stack.manifestPath).studies;

  await page.goto(`${gateway.url}/?name=van%20der`);
  const selector = page.getByLabel('Data source');
  await expect(selector).toHaveValue('main');
  await expect.poll(() => shownStudyUids(page)).toHaveLength(1);

  const mirrorQuery = page.waitForRequest((r) => r.url().includes('/sources/mirror/dicom-web/studies'));
  await selector.selectOption({ label: 'Mirror archive' });
  await mirrorQuery;
  await expect(page).toHaveURL(/\?dataSource=mirror$/);
  await expect.poll(() => shownStudyUids(page)).toHaveLength(studies.length);

  await page.getByLabel('Patient name').fill('van der');
  await page.getByLabel('Patient name').press('Enter');
  await expect(page).toHaveURL(/dataSource=mirror&name=van\+der|name=van\+der.*dataSource=mirror/);
  await page.reload();
  await expect(page.getByLabel('Data source')).toHaveValue('mirror');
  await expect.poll(() => shownStudyUids(page)).toHaveLength(1);
});
