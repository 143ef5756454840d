import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testDatabase, testGateway } from '../test-gateway.ts';
import { readHint, writeHint } from './worklist-hints.ts';

describe('worklist hints', () => {
  it('stores and returns a hint, open windows included', async () => {
    const { app } = await testGateway(testConfig());
    const none = await app.inject({ method: 'GET', url: '/api/worklist-hints/abc123' });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ from: null });
    expect((await app.inject({ method: 'PUT', url: '/api/worklist-hints/abc123', payload: { from: '20250101' } })).statusCode).toBe(204);
    const res = await app.inject({ method: 'GET', url: '/api/worklist-hints/abc123' });
    expect(res.json()).toEqual({ from: '20250101' });
    expect(res.headers['cache-control']).toBe('no-store');
    await app.inject({ method: 'PUT', url: '/api/worklist-hints/abc123', payload: { from: '' } });
    expect((await app.inject({ method: 'GET', url: '/api/worklist-hints/abc123' })).json()).toEqual({ from: '' });
    await app.close();
  });

  it("keeps each reader's hints to that reader (a hint reveals nothing of another's searches)", async () => {
    const { app, db } = await testGateway(testConfig());
    await app.inject({ method: 'PUT', url: '/api/worklist-hints/feed01', payload: { from: '20240101' } });
    const other = await addTestAccount(db, ['radiologist']);
    const otherCookie = await signInCookie(app, other.username);
    const theirs = await app.inject({ method: 'GET', url: '/api/worklist-hints/feed01', headers: { cookie: otherCookie } });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toEqual({ from: null });
    await app.close();
  });

  it('needs a signed-in user allowed to use the worklist', async () => {
    const { app } = await testGateway(testConfig(), ['admin']);
    expect((await app.inject({ method: 'GET', url: '/api/worklist-hints/abc' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/worklist-hints/abc', headers: { cookie: '' } })).statusCode).toBe(401);
    await app.close();
  });

  it('refuses anything that is not a short key and a date', async () => {
    const { app } = await testGateway(testConfig());
    for (const [url, payload] of [
      ['/api/worklist-hints/abc', { from: 'Smith^John' }],
      ['/api/worklist-hints/abc', { from: 20250101 }],
      ['/api/worklist-hints/ABC', { from: '20250101' }],
      ['/api/worklist-hints/aaaaaaaaaaaaaaaaa', { from: '20250101' }],
    ] as const) {
      expect((await app.inject({ method: 'PUT', url, payload })).statusCode).toBe(400);
    }
    const big = await app.inject({ method: 'PUT', url: '/api/worklist-hints/abc', payload: { from: '20250101', pad: 'x'.repeat(1000) } });
    expect(big.statusCode).toBe(413);
    await app.close();
  });

  it('keeps at most its capacity per account, dropping the least recently written', async () => {
    const db = await testDatabase();
    const account = await addTestAccount(db, ['radiologist']);
    await writeHint(db, account.id, 'a', '20250101', 2);
    await writeHint(db, account.id, 'b', '20250102', 2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await writeHint(db, account.id, 'c', '20250103', 2);
    expect(await readHint(db, account.id, 'a')).toBeUndefined();
    expect(await readHint(db, account.id, 'c')).toBe('20250103');
  });
});
