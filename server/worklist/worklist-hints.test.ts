import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerWorklistHints, WorklistHintStore } from './worklist-hints.ts';

async function gateway(store = new WorklistHintStore()) {
  const app = Fastify();
  registerWorklistHints(app, store);
  await app.ready();
  return app;
}

describe('worklist hints', () => {
  it('stores and returns a hint, open windows included', async () => {
    const app = await gateway();
    expect((await app.inject({ method: 'GET', url: '/api/worklist-hints/abc123' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: '/api/worklist-hints/abc123', payload: { from: '20250101' } })).statusCode).toBe(204);
    const res = await app.inject({ method: 'GET', url: '/api/worklist-hints/abc123' });
    expect(res.json()).toEqual({ from: '20250101' });
    expect(res.headers['cache-control']).toBe('no-store');
    await app.inject({ method: 'PUT', url: '/api/worklist-hints/abc123', payload: { from: '' } });
    expect((await app.inject({ method: 'GET', url: '/api/worklist-hints/abc123' })).json()).toEqual({ from: '' });
  });

  it('refuses anything that is not a short key and a date', async () => {
    const app = await gateway();
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
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const store = new WorklistHintStore(2);
    store.set('a', '20250101');
    store.set('b', '20250102');
    store.get('a');
    store.set('c', '20250103');
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBe('20250101');
    expect(store.get('c')).toBe('20250103');
  });
});
