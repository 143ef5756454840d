import type { FastifyInstance } from 'fastify';
import type { CreateShareBody } from '../../src/shares/share-contract.ts';
import { SHARE_COOKIE } from '../auth/access.ts';

/** Share links through the gateway's own routes, for the gateway's tests (not used at runtime). */

export interface TestShare {
  id: string;
  token: string;
}

export async function createTestShare(app: FastifyInstance, creatorCookie: string, body: CreateShareBody): Promise<TestShare> {
  const res = await app.inject({ method: 'POST', url: '/api/shares', headers: { cookie: creatorCookie }, payload: body });
  if (res.statusCode !== 201) throw new Error(`share creation failed: ${res.statusCode} ${res.body}`);
  const { id, url } = res.json<{ id: string; url: string }>();
  return { id, token: url.replace(/^\/s\//, '') };
}

/** Exchanges a link for a share session; the Cookie header value of that session. */
export async function shareCookie(app: FastifyInstance, token: string, passcode?: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/share-sessions', headers: { cookie: '' }, payload: { token, ...(passcode ? { passcode } : {}) } });
  if (res.statusCode !== 200) throw new Error(`share exchange failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SHARE_COOKIE);
  if (!cookie) throw new Error('the exchange set no share cookie');
  return `${SHARE_COOKIE}=${cookie.value}`;
}
