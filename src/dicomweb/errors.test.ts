import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './errors.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('errorFromResponse', () => {
  it('recognises the gateway outage errors as transient', async () => {
    const down = await errorFromResponse(json(502, { error: 'archive_unreachable', message: 'The image archive is not reachable.' }), 'Study search');
    expect(down.kind).toBe('unreachable');
    expect(down.transient).toBe(true);
    const slow = await errorFromResponse(json(504, { error: 'archive_timeout', message: 'slow' }), 'Study search');
    expect(slow.kind).toBe('timeout');
  });
  it('keeps the archive message for other failures', async () => {
    const bad = await errorFromResponse(json(400, { Message: 'Bad request', Details: 'Unknown tag' }), 'Study search');
    expect(bad.message).toBe('Study search failed (HTTP 400): Unknown tag');
    expect(bad.transient).toBe(false);
  });
  it('survives non-JSON bodies', async () => {
    const err = await errorFromResponse(new Response('<html>oops</html>', { status: 500 }), 'Loading the series');
    expect(err.message).toBe('Loading the series failed (HTTP 500)');
    expect(err.transient).toBe(true);
  });
});
