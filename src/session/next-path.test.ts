import { describe, expect, it } from 'vitest';
import { safeNextPath, signInAddress } from './next-path.ts';

const origin = 'https://readroom.example.org';

describe('safeNextPath', () => {
  it('follows a path on this site, with its query and fragment', () => {
    expect(safeNextPath('/viewer?StudyInstanceUIDs=1.2.3,4.5.6&hangingProtocol=single', origin)).toBe(
      '/viewer?StudyInstanceUIDs=1.2.3,4.5.6&hangingProtocol=single',
    );
    expect(safeNextPath('/', origin)).toBe('/');
    expect(safeNextPath('/?name=van%20der#top', origin)).toBe('/?name=van%20der#top');
  });

  it('refuses another site, however it is written', () => {
    for (const raw of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example/x',
      ' /x',
      '',
    ]) {
      expect(safeNextPath(raw, origin), JSON.stringify(raw)).toBeUndefined();
    }
    expect(safeNextPath(null, origin)).toBeUndefined();
    expect(safeNextPath(undefined, origin)).toBeUndefined();
  });

  it('does not go back to the sign-in page', () => {
    expect(safeNextPath('/sign-in?next=%2F', origin)).toBeUndefined();
    expect(safeNextPath('/sign-in/', origin)).toBeUndefined();
  });

  it('keeps dot segments on this site', () => {
    expect(safeNextPath('/a/../viewer', origin)).toBe('/viewer');
  });
});

describe('signInAddress', () => {
  it('carries the page as next, the way the gateway writes it', () => {
    expect(signInAddress('/viewer?StudyInstanceUIDs=1.2.3')).toBe('/sign-in?next=%2Fviewer%3FStudyInstanceUIDs%3D1.2.3');
    expect(signInAddress('/')).toBe('/sign-in');
  });
});
