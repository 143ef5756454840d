import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-helpers.ts';
import { testDatabase, testGateway } from '../test-gateway.ts';
import { registerAccessControl, trackRoutes } from './access.ts';
import { DEFAULT_SESSION_SETTINGS } from './sessions.ts';

describe('the access check', () => {
  it('refuses to start a gateway with a route that does not state what it requires', async () => {
    const app = Fastify();
    const { assertDeclared } = trackRoutes(app);
    app.get('/api/forgotten', async () => 'secret');
    app.get('/api/fine', { config: { access: { signedIn: true } } }, async () => 'ok');
    app.addHook('onReady', async () => assertDeclared());
    await expect(app.ready()).rejects.toThrow('Routes without an access declaration: GET /api/forgotten');
  });

  it('denies a request to an undeclared route even when the startup check is bypassed', async () => {
    const app = Fastify({ logger: false });
    await app.register(fastifyCookie);
    registerAccessControl(app, { db: await testDatabase(), session: DEFAULT_SESSION_SETTINGS });
    app.get('/api/forgotten', async () => 'secret');
    const res = await app.inject({ url: '/api/forgotten' });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('secret');
  });

  it('answers 401 for unknown API and DICOMweb addresses without a session, 404 with one', async () => {
    const { app } = await testGateway(testConfig());
    for (const url of ['/api/nothing-here', '/dicom-web', '/sources/x/dicom-web/studies']) {
      const anonymous = await app.inject({ url, headers: { cookie: '', accept: 'application/json' } });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json(), url).toMatchObject({ error: 'unauthenticated' });
    }
    expect((await app.inject({ url: '/api/nothing-here', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    await app.close();
  });

  it('answers 403 when the roles lack the permission (an admin cannot read images)', async () => {
    const { app } = await testGateway(testConfig(), ['admin']);
    const res = await app.inject({ url: '/dicom-web/studies' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'forbidden' });
    await app.close();
  });
});
