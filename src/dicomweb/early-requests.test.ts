import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEarlyRequest, takeEarlyRequest } from './early-requests.ts';

describe('early requests', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('hands the answer over once, only for the same URL and Accept header', async () => {
    const fetchStub = vi.fn(async (url: string) => new Response(`body of ${url}`));
    vi.stubGlobal('fetch', fetchStub);
    startEarlyRequest('/a/rendered', 'image/jpeg');
    startEarlyRequest('/a/rendered', 'image/jpeg');
    expect(fetchStub).toHaveBeenCalledTimes(1);
    expect(fetchStub.mock.calls[0]).toEqual(['/a/rendered', { headers: { Accept: 'image/jpeg' } }]);
    expect(takeEarlyRequest('/a/rendered', 'image/png')).toBeUndefined();
    expect(takeEarlyRequest('/b/rendered', 'image/jpeg')).toBeUndefined();
    const taken = takeEarlyRequest('/a/rendered', 'image/jpeg');
    expect(await (await taken!).text()).toBe('body of /a/rendered');
    expect(takeEarlyRequest('/a/rendered', 'image/jpeg')).toBeUndefined();
  });

  it('drops an answer nobody takes, and a failed one does not go unhandled', async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('network down'))),
    );
    startEarlyRequest('/c/rendered', 'image/jpeg');
    await vi.advanceTimersByTimeAsync(31_000);
    expect(takeEarlyRequest('/c/rendered', 'image/jpeg')).toBeUndefined();
    startEarlyRequest('/d/rendered', 'image/jpeg');
    await expect(takeEarlyRequest('/d/rendered', 'image/jpeg')).rejects.toThrow('network down');
  });
});
