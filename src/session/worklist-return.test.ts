import { describe, expect, it } from 'vitest';
import { rememberedWorklistPath, rememberWorklistSearch, worklistPath } from './worklist-return.ts';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('worklist return path', () => {
  it('is the plain worklist when nothing was remembered', () => {
    expect(rememberedWorklistPath(memoryStorage())).toBe('/');
    expect(rememberedWorklistPath(undefined)).toBe('/');
  });

  it('returns to the remembered filters', () => {
    const storage = memoryStorage();
    rememberWorklistSearch('?mod=CT&name=DOE*&sort=name&dir=asc', storage);
    expect(rememberedWorklistPath(storage)).toBe('/?mod=CT&name=DOE*&sort=name&dir=asc');
  });

  it('never leaves the site root: whatever is stored comes back as a query on /', () => {
    expect(worklistPath('//evil.example/x')).toBe('/?%2F%2Fevil.example%2Fx=');
    expect(worklistPath('https://evil.example')).toMatch(/^\/\?/);
    const storage = memoryStorage();
    storage.setItem('readroom.worklist-search', 'javascript:alert(1)');
    expect(rememberedWorklistPath(storage).startsWith('/?')).toBe(true);
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => rememberWorklistSearch('?mod=CT', broken)).not.toThrow();
    expect(rememberedWorklistPath(broken)).toBe('/');
  });
});
