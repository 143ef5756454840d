import { describe, expect, it } from 'vitest';
import { buildGateway } from './app.ts';
import { configFromEnv } from '../config.ts';

describe('the reader name for saved presentation states', () => {
  it('comes from READROOM_USER and is published in /app-config.json', async () => {
    const config = configFromEnv({ READROOM_USER: '  Reader^Rita ', ORTHANC_HTTP_PORT: '8042' });
    expect(config.user).toBe('Reader^Rita');
    const app = await buildGateway(config);
    try {
      const res = await app.inject({ url: '/app-config.json' });
      expect((JSON.parse(res.body) as { user?: string }).user).toBe('Reader^Rita');
    } finally {
      await app.close();
    }
  });

  it('is left out when not configured', () => {
    expect(configFromEnv({ ORTHANC_HTTP_PORT: '8042' }).user).toBeUndefined();
  });
});
