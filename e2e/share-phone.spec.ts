import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { centreOf, expectImageFullWidth, Fingers, PHONE_PORTRAIT } from './support/touch.ts';

/**
 * A referring clinician on a phone: a link with a passcode, opened in a browser that was never signed in
 * (390 × 844, touch). The passcode opens the study, the first image fills the width, a swipe scrolls and
 * a pinch zooms, and the token is gone from the address bar.
 */

// A cold viewer on a phone-sized page of a busy machine: more than the default.
test.describe.configure({ timeout: 180_000 });

test('a shared link with a passcode opens on a phone: full-width image, swipe scrolls, pinch zooms, no token in the address bar', async ({
  page,
  browser,
  stack,
}) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const ct = chest.series.find((s) => s.modality === 'CT' && s.instances.length >= 200)!;
  const created = await page.request.post('/api/shares', {
    data: { studyInstanceUids: [chest.studyInstanceUID], passcode: '4417-OKAFOR', recipient: 'Dr Okafor, ED', expiresInDays: 2 },
  });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };
  const token = url.split('/s/')[1]!;

  const context = await browser.newContext({ baseURL: stack.baseURL, storageState: { cookies: [], origins: [] }, ...PHONE_PORTRAIT });
  try {
    const phone = await context.newPage();
    await phone.goto(url);
    await phone.getByLabel('Passcode').fill('4417-OKAFOR');
    await phone.getByRole('button', { name: 'Open' }).tap();

    const viewport = phone.getByTestId('viewport').first();
    await expect(phone.getByTestId('image-index').first()).toHaveText(`Image 1 / ${ct.instances.length}`, { timeout: 60_000 });
    expect(phone.url()).not.toContain(token);
    await expectImageFullWidth(phone, viewport);

    const fingers = await Fingers.on(phone);
    const c = await centreOf(viewport);
    await fingers.swipe({ x: c.x, y: c.y - 150 }, { x: c.x, y: c.y + 150 });
    await expect.poll(async () => Number(/Image (\d+)/.exec((await phone.getByTestId('image-index').first().textContent()) ?? '')?.[1])).toBeGreaterThan(1);
    const zoom = async () => Number(/Zoom ([\d.]+)/.exec((await phone.getByTestId('zoom-readout').first().textContent()) ?? '')?.[1]);
    const before = await zoom();
    await fingers.pinch(c, 60, 220);
    await expect.poll(zoom).toBeGreaterThan(before * 1.1);
    expect(phone.url()).not.toContain(token);
  } finally {
    await context.close();
  }
});
