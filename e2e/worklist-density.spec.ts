import { signInThroughApi } from './support/accounts.ts';
import { test, expect } from './support/fixtures.ts';
import { startDenseArchive, studyRows, studyRowsInViewport, type DenseArchive } from './support/worklist.ts';

// More studies than fit on one screen: an archive of its own, so the shared one keeps its count.
const STUDIES = 40;
let dense: DenseArchive | undefined;

test.use({ viewport: { width: 1600, height: 900 } });

test.afterEach(async () => {
  await dense?.stop();
  dense = undefined;
});

test('at 1600×900 at least 25 one-line rows are visible; the filter panel collapses, says what is active and stays collapsed', async ({ page, stack }) => {
  // An archive and a gateway of its own: tens of seconds on a busy machine.
  test.setTimeout(240_000);
  dense = await startDenseArchive(stack, STUDIES);
  await signInThroughApi(page.request, dense.url, 'radiologist', stack.demoPassword);
  await page.goto(`${dense.url}/`);
  const rows = studyRows(page);
  await expect(rows).toHaveCount(STUDIES);

  // Filters open (the first visit): the panel is there and the rows still fill the screen.
  const toggle = page.getByRole('button', { name: /^Filters/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('search', { name: 'Study search' })).toBeVisible();
  const openCount = await studyRowsInViewport(page);
  expect(openCount, 'rows visible with the filters open').toBeGreaterThanOrEqual(25);

  // One text line per row: every row as high as the first, no taller than a line and its padding;
  // every text cell carries its full text as a title, and no cell wraps.
  const heights = await rows.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  expect(Math.max(...heights) - Math.min(...heights)).toBeLessThan(1);
  expect(heights[0]).toBeLessThan(30);
  const cells = await rows
    .first()
    .locator('td')
    .evaluateAll((tds) =>
      tds.slice(1).map((td) => ({ text: td.textContent ?? '', title: td.getAttribute('title') ?? '', wrap: getComputedStyle(td).whiteSpace })),
    );
  for (const cell of cells) {
    expect(cell.wrap).toBe('nowrap');
    if (cell.text.trim()) expect(cell.title).toBe(cell.text.trim());
  }

  // Collapsed: the panel is gone, a summary says which filters apply, and more rows fit.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('search', { name: 'Study search' })).toBeHidden();
  await expect(page.getByText('Active filters: none (all studies)')).toBeVisible();
  const collapsedCount = await studyRowsInViewport(page);
  expect(collapsedCount).toBeGreaterThanOrEqual(openCount);
  expect(collapsedCount).toBeGreaterThanOrEqual(25);

  // A filter set while open shows in the summary once collapsed; the collapsed state survives a reload.
  await toggle.click();
  await page.getByRole('group', { name: 'Modality' }).getByRole('checkbox', { name: 'CT' }).check();
  await expect(page).toHaveURL(/mod=CT/);
  await toggle.click();
  await expect(page.getByText('Active filters: modality CT')).toBeVisible();
  await expect(toggle).toHaveText(/Filters \(1\)/);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Filters/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText('Active filters: modality CT')).toBeVisible();
  await expect(page.getByRole('search', { name: 'Study search' })).toBeHidden();

  // `/` opens the panel again and puts the caret in the patient name.
  await page.locator('body').press('/');
  await expect(page.getByLabel('Patient name', { exact: true })).toBeFocused();
  await expect(page.getByRole('button', { name: /^Filters/ })).toHaveAttribute('aria-expanded', 'true');
});
