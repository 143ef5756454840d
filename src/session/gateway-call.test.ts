import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callGateway, UNREACHABLE, type Fetch } from './gateway-call.ts';

const answer =
  (status: number, body?: unknown): Fetch =>
  async () =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const parse = (body: unknown) => z.object({ n: z.number() }).parse(body).n;

describe('callGateway', () => {
  it('parses a successful answer and sends a JSON body with its headers', async () => {
    let seen: RequestInit | undefined;
    const fetchImpl: Fetch = async (_url, init) => {
      seen = init;
      return new Response(JSON.stringify({ n: 3 }), { status: 201 });
    };
    const result = await callGateway('/api/x', { method: 'POST', json: { a: 1 }, parse, fallback: 'x failed', fetchImpl });
    expect(result).toEqual({ ok: true, status: 201, value: 3 });
    expect(seen?.body).toBe('{"a":1}');
    expect(seen?.headers).toMatchObject({ 'Content-Type': 'application/json', Accept: 'application/json' });
    expect(seen?.cache).toBe('no-store');
  });

  it("shows the gateway's own message and error code of a refusal", async () => {
    const result = await callGateway('/api/x', { parse, fallback: 'x failed', fetchImpl: answer(409, { error: 'held', message: 'Someone else has it.' }) });
    expect(result).toMatchObject({ ok: false, status: 409, error: 'held', message: 'Someone else has it.' });
  });

  it('words a refusal without a message from the fallback and the status', async () => {
    const result = await callGateway('/api/x', { parse, fallback: 'Loading x failed', fetchImpl: answer(502) });
    expect(result).toMatchObject({ ok: false, status: 502, error: null, message: 'Loading x failed (HTTP 502).' });
    const sentence = await callGateway('/api/x', { parse, fallback: 'The list could not be read.', fetchImpl: answer(500) });
    expect(sentence).toMatchObject({ message: 'The list could not be read (HTTP 500).' });
  });

  it('says the server did not answer when the request fails, and rethrows an abort', async () => {
    const down: Fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await callGateway('/api/x', { parse, fallback: 'x', fetchImpl: down })).toMatchObject({ ok: false, status: null, message: UNREACHABLE });
    const aborted: Fetch = async () => {
      throw new DOMException('aborted', 'AbortError');
    };
    await expect(callGateway('/api/x', { parse, fallback: 'x', fetchImpl: aborted })).rejects.toThrow('aborted');
  });

  it('refuses an answer of the wrong shape instead of passing it on', async () => {
    const result = await callGateway('/api/x', { parse, fallback: 'x', fetchImpl: answer(200, { n: 'three' }) });
    expect(result).toMatchObject({ ok: false, status: 200, error: 'unexpected_answer' });
  });

  it('reads a 204 as no body', async () => {
    const result = await callGateway('/api/x', { parse: (body) => body, fallback: 'x', fetchImpl: answer(204) });
    expect(result).toEqual({ ok: true, status: 204, value: undefined });
  });
});
