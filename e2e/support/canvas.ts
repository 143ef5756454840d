import type { Locator } from '@playwright/test';

export interface CanvasStats {
  width: number;
  height: number;
  /** Pixels that are not pure black. */
  nonBlack: number;
  /** Distinct grey levels (red channel) seen. */
  distinctLevels: number;
  /** A cheap fingerprint to tell two renders apart. */
  checksum: number;
}

/** Reads the viewport's on-screen canvas back and summarises what is really drawn. */
export async function canvasStats(viewport: Locator): Promise<CanvasStats> {
  return viewport
    .locator('canvas')
    .first()
    .evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      // Read through a copy made for reading: Chrome warns in the page's console when one canvas is read
      // back again and again (a poll), and the clean-console test counts that warning.
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const ctx = copy.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(canvas, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let nonBlack = 0;
      let checksum = 0;
      const levels = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i]!;
        if (r | data[i + 1]! | data[i + 2]!) nonBlack++;
        levels.add(r);
        checksum = (checksum * 31 + r) >>> 0;
      }
      return { width: canvas.width, height: canvas.height, nonBlack, distinctLevels: levels.size, checksum };
    });
}
