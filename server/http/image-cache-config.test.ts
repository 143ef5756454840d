import { describe, expect, it } from 'vitest';
import { testGateway } from '../test-gateway.ts';
import { configFromEnv } from '../config.ts';

describe("the browsers' decoded-image cache size", () => {
  it('comes from READROOM_IMAGE_CACHE_MB and is published in /app-config.json', async () => {
    const config = configFromEnv({ READROOM_IMAGE_CACHE_MB: '768', ORTHANC_HTTP_PORT: '8042' });
    expect(config.imageCacheMb).toBe(768);
    const app = (await testGateway(config)).app;
    try {
      const res = await app.inject({ url: '/app-config.json' });
      expect((JSON.parse(res.body) as { imageCacheMb?: number }).imageCacheMb).toBe(768);
    } finally {
      await app.close();
    }
  });

  it('is left to the browser when not configured, and refuses sizes out of range', () => {
    expect(configFromEnv({ ORTHANC_HTTP_PORT: '8042' }).imageCacheMb).toBeUndefined();
    expect(() => configFromEnv({ READROOM_IMAGE_CACHE_MB: '16' })).toThrow(/READROOM_IMAGE_CACHE_MB.*128-4096/);
  });
});
