import { test, expect } from './support/fixtures.ts';
import { stackArchiveUpstream } from './support/archive.ts';
import { signInThroughApi, startGatewayWithAccounts, type ExtraGateway } from './support/accounts.ts';
import { readManifest } from './support/samples.ts';
import { shownStudyUids } from './support/worklist.ts';

let gateway: ExtraGateway | undefined;

test.afterEach(async () => {
  await gateway?.stop();
});

test('with several data sources a labelled selector switches between them and the choice is in the URL', async ({ page, stack }) => {
  // A gateway of its own: a first start creates its database (tens of seconds on a busy machine).
  test.setTimeout(180_000);
  // The archive as its gateway user sees it (the embedded archive needs its generated password).
  const upstream = stackArchiveUpstream(stack);
  gateway = await startGatewayWithAccounts(stack, {
    config: {
      sources: [
        { id: 'main', label: 'Main archive', upstream, quirks: { queryValueEncoding: 'literal' } },
        { id: 'mirror', label: 'Mirror archive', upstream, quirks: { queryValueEncoding: 'literal' } },
      ],
    },
  });
  await signInThroughApi(page.request, gateway.url, 'radiologist', stack.demoPassword);
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
