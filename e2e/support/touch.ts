import type { CDPSession, Locator, Page } from '@playwright/test';
import { canvasStats } from './canvas.ts';
import { expect } from './fixtures.ts';

/**
 * Phones and tablets for the viewer's specs: context options (`test.use(PHONE_PORTRAIT)`) and real touch
 * input through the DevTools protocol (`Input.dispatchTouchEvent`: the page gets pointer and touch events
 * exactly as from a touch screen, several fingers at once).
 */

export const PHONE_PORTRAIT = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
export const PHONE_LANDSCAPE = { viewport: { width: 844, height: 390 }, hasTouch: true, isMobile: true };
export const TABLET_LANDSCAPE = { viewport: { width: 1024, height: 768 }, hasTouch: true };

export interface Point {
  x: number;
  y: number;
}

/** The centre of an element's box on the page. */
export async function centreOf(locator: Locator): Promise<Point> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export class Fingers {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async on(page: Page): Promise<Fingers> {
    return new Fingers(page, await page.context().newCDPSession(page));
  }

  private async send(type: 'touchStart' | 'touchMove' | 'touchEnd', points: readonly Point[]): Promise<void> {
    await this.cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map((p, id) => ({ x: Math.round(p.x), y: Math.round(p.y), id, radiusX: 6, radiusY: 6, force: 1 })),
    });
  }

  /**
   * Fingers down at the first point of each path, moved together in `steps` even steps to the last, then
   * lifted. One path is a swipe, two paths a pinch or a two-finger drag.
   */
  async gesture(paths: readonly (readonly [Point, Point])[], steps = 12): Promise<void> {
    const at = (t: number) => paths.map(([a, b]) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }));
    await this.send('touchStart', at(0));
    for (let i = 1; i <= steps; i++) {
      await this.send('touchMove', at(i / steps));
      // One move per frame, as from a screen (and a busy machine gets to handle each).
      await this.page.waitForTimeout(20);
    }
    await this.page.waitForTimeout(50);
    await this.send('touchEnd', []);
  }

  async swipe(from: Point, to: Point, steps = 12): Promise<void> {
    await this.gesture([[from, to]], steps);
  }

  /** Two fingers on a horizontal line through `centre`, `from` apart, moved to `to` apart (spread: to > from). */
  async pinch(centre: Point, from: number, to: number, steps = 12): Promise<void> {
    await this.gesture(
      [
        [
          { x: centre.x - from / 2, y: centre.y },
          { x: centre.x - to / 2, y: centre.y },
        ],
        [
          { x: centre.x + from / 2, y: centre.y },
          { x: centre.x + to / 2, y: centre.y },
        ],
      ],
      steps,
    );
  }

  /** Two fingers `apart` px apart, dragged together by (dx, dy). */
  async twoFingerDrag(centre: Point, dx: number, dy: number, apart = 80, steps = 12): Promise<void> {
    const finger = (offset: number): [Point, Point] => [
      { x: centre.x + offset, y: centre.y },
      { x: centre.x + offset + dx, y: centre.y + dy },
    ];
    await this.gesture([finger(-apart / 2), finger(apart / 2)], steps);
  }

  /** A tap (finger down and up without moving). */
  async tap(at: Point): Promise<void> {
    await this.send('touchStart', [at]);
    await this.page.waitForTimeout(30);
    await this.send('touchEnd', []);
  }
}

/** The page's layout width in CSS pixels (what a phone shows across). */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.clientWidth);
}

/**
 * The viewport's image is drawn across the page: its canvas as wide as the page (less the viewport's
 * frame), the page not wider than the screen, and the canvas really painted with an image (many grey
 * levels, most of it not black).
 */
export async function expectImageFullWidth(page: Page, viewport: Locator): Promise<void> {
  const width = await pageWidth(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the page fits the screen (no sideways scrolling)').toBeLessThanOrEqual(width);
  const canvas = viewport.locator('canvas').first();
  await expect.poll(async () => (await canvas.boundingBox())?.width ?? 0, { message: 'canvas width ≈ page width' }).toBeGreaterThanOrEqual(width - 8);
  expect((await canvas.boundingBox())!.width).toBeLessThanOrEqual(width);
  await expect
    .poll(
      async () => {
        const s = await canvasStats(viewport);
        return s.distinctLevels > 20 && s.nonBlack > s.width * s.height * 0.05;
      },
      { message: 'an image is drawn on the canvas' },
    )
    .toBe(true);
}
