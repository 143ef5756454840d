import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.ts';

describe('the address to return to after signing in', () => {
  it('keeps a path on this site with its query and fragment', () => {
    expect(safeNextPath('/viewer?StudyInstanceUIDs=1.2.3#x')).toBe('/viewer?StudyInstanceUIDs=1.2.3#x');
    expect(safeNextPath('/')).toBe('/');
    expect(safeNextPath('/a/../admin/sessions')).toBe('/admin/sessions');
  });

  it('turns anything that could leave the site into /', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/x\r\nSet-Cookie: a=b',
      '',
      undefined,
      ['/a'],
      '/' + 'a'.repeat(2001),
    ]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });
});
