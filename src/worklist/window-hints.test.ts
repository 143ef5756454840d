import { describe, expect, it } from 'vitest';
import { browserWindowHints, hintKey, readWindowHint, WINDOW_HINTS_KEY, writeWindowHint, type HintStorage } from './window-hints.ts';

function memoryStorage(): HintStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('window hints', () => {
  it('round-trips a hint per query, including the open window', () => {
    const storage = memoryStorage();
    writeWindowHint(storage, hintKey('local', 'name=Smith'), '20250101');
    writeWindowHint(storage, hintKey('local', ''), '');
    expect(readWindowHint(storage, hintKey('local', 'name=Smith'))).toBe('20250101');
    expect(readWindowHint(storage, hintKey('local', ''))).toBe('');
    expect(readWindowHint(storage, hintKey('pacs', 'name=Smith'))).toBeUndefined();
  });

  it('does not store the query text (patient names) itself', () => {
    const storage = memoryStorage();
    writeWindowHint(storage, hintKey('local', 'name=M%C3%BCller'), '20250101');
    expect(storage.data.get(WINDOW_HINTS_KEY)).not.toContain('ller');
  });

  it('keeps the most recent 64 hints', () => {
    const storage = memoryStorage();
    for (let i = 0; i < 70; i++) writeWindowHint(storage, hintKey('s', `q${i}`), '20250101', i);
    expect(readWindowHint(storage, hintKey('s', 'q0'))).toBeUndefined();
    expect(readWindowHint(storage, hintKey('s', 'q69'))).toBe('20250101');
    expect(Object.keys(JSON.parse(storage.data.get(WINDOW_HINTS_KEY)!) as object)).toHaveLength(64);
  });

  it('survives junk in storage and a storage that refuses writes', () => {
    const storage = memoryStorage();
    storage.data.set(WINDOW_HINTS_KEY, '{not json');
    expect(readWindowHint(storage, 'x')).toBeUndefined();
    const full: HintStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => writeWindowHint(full, 'x', '20250101')).not.toThrow();
  });
});

describe('browserWindowHints', () => {
  it('prefers this browser, falls back to the gateway, writes both', async () => {
    const storage = memoryStorage();
    const calls: string[] = [];
    const fetcher = (async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url}`);
      return new Response(JSON.stringify({ from: '20240101' }), { status: 200 });
    }) as typeof fetch;
    const hints = browserWindowHints(storage, fetcher);
    expect(await hints.read('k1')).toBe('20240101');
    hints.write('k1', '20250101');
    expect(await hints.read('k1')).toBe('20250101');
    expect(calls).toEqual(['GET /api/worklist-hints/k1', 'PUT /api/worklist-hints/k1']);
  });

  it('reads no hint when the gateway has none or fails', async () => {
    const none = browserWindowHints(memoryStorage(), (async () => new Response('{"from":null}', { status: 200 })) as typeof fetch);
    expect(await none.read('k')).toBeUndefined();
    const notFound = browserWindowHints(memoryStorage(), (async () => new Response('{}', { status: 404 })) as typeof fetch);
    expect(await notFound.read('k')).toBeUndefined();
    const failing = browserWindowHints(memoryStorage(), (async () => {
      throw new TypeError('network');
    }) as typeof fetch);
    expect(await failing.read('k')).toBeUndefined();
  });
});
