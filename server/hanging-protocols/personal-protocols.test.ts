import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HangingProtocolInput } from '../../src/hanging-protocols/hanging-protocol.ts';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway, type TestGateway } from '../test-gateway.ts';
import { PROTOCOLS_PER_ACCOUNT } from './personal-protocols.ts';

const protocol = (id: string): HangingProtocolInput => ({
  id,
  name: 'My CT chest',
  match: { modalities: ['CT'], regions: ['chest'] },
  layout: '1x2',
  viewports: [{ preset: 'Lung' }, { sameSeriesAs: 0, preset: 'Mediastinum' }],
});

describe("a reader's own hanging protocols", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await testGateway(testConfig(), ['radiologist']);
  });
  afterAll(() => gateway.app.close());

  it('saves, lists, replaces and deletes them, for the reader alone', async () => {
    const { app } = gateway;
    expect((await app.inject({ method: 'PUT', url: '/api/hanging-protocols/my-ct-chest', payload: protocol('my-ct-chest') })).statusCode).toBe(200);
    const listed = await app.inject({ method: 'GET', url: '/api/hanging-protocols' });
    expect(listed.json().protocols).toMatchObject([{ id: 'my-ct-chest', layout: '1x2', viewports: [{ preset: 'Lung', study: 'current', mode: 'stack' }, {}] }]);
    expect(listed.headers['cache-control']).toBe('no-store');
    await app.inject({ method: 'PUT', url: '/api/hanging-protocols/my-ct-chest', payload: { ...protocol('my-ct-chest'), layout: '2x2' } });
    expect((await app.inject({ method: 'GET', url: '/api/hanging-protocols' })).json().protocols.map((p: { layout: string }) => p.layout)).toEqual(['2x2']);

    const other = await addTestAccount(gateway.db, ['radiologist']);
    const otherCookie = await signInCookie(app, other.username);
    expect((await app.inject({ method: 'GET', url: '/api/hanging-protocols', headers: { cookie: otherCookie } })).json().protocols).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: '/api/hanging-protocols/my-ct-chest', headers: { cookie: otherCookie } })).statusCode).toBe(404);

    expect((await app.inject({ method: 'DELETE', url: '/api/hanging-protocols/my-ct-chest' })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/hanging-protocols' })).json().protocols).toEqual([]);
  });

  it('refuses a protocol that does not parse, or whose id is not the address', async () => {
    const bad = await gateway.app.inject({ method: 'PUT', url: '/api/hanging-protocols/x', payload: { ...protocol('x'), layout: '1x1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/viewports: the 1x1 layout has room for 1/);
    expect((await gateway.app.inject({ method: 'PUT', url: '/api/hanging-protocols/x', payload: protocol('y') })).statusCode).toBe(400);
  });

  it(`keeps at most ${PROTOCOLS_PER_ACCOUNT} per reader`, async () => {
    for (let i = 0; i < PROTOCOLS_PER_ACCOUNT; i += 1) {
      expect((await gateway.app.inject({ method: 'PUT', url: `/api/hanging-protocols/p${i}`, payload: protocol(`p${i}`) })).statusCode).toBe(200);
    }
    const refused = await gateway.app.inject({ method: 'PUT', url: '/api/hanging-protocols/one-more', payload: protocol('one-more') });
    expect(refused.statusCode).toBe(409);
    expect((await gateway.app.inject({ method: 'PUT', url: '/api/hanging-protocols/p0', payload: protocol('p0') })).statusCode).toBe(200);
  });
});
