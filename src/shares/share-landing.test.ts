import { describe, expect, it } from 'vitest';
import { EXCHANGE_ERRORS, sharedViewerPath, tokenOfSharePath } from './share-contract.ts';
import { stateOfRefusal, unusableLink } from './share-landing.ts';

describe('landing page of a share link', () => {
  it('has a clear page for each unusable state', () => {
    for (const state of ['unknown', 'expired', 'revoked', 'blocked', 'used-up'] as const) {
      expect(unusableLink(state).title).toMatch(/link/);
    }
    expect(unusableLink('blocked').message).toMatch(/passcode/);
  });

  it('turns refusals into the state to show, and keeps the form for passcode problems', () => {
    expect(EXCHANGE_ERRORS.map(stateOfRefusal)).toEqual(['unknown', 'expired', 'revoked', 'blocked', 'used-up', undefined, undefined]);
  });

  it('reads the token of /s/<token>', () => {
    expect(tokenOfSharePath('/s/AbC_-9')).toBe('AbC_-9');
    expect(tokenOfSharePath('/s/')).toBeUndefined();
    expect(tokenOfSharePath('/viewer')).toBeUndefined();
  });

  it('goes to the viewer of the first shared study, never with the token', () => {
    const studies = [
      { dataSource: 'main', studyInstanceUid: '1.2', isPrior: true },
      { dataSource: 'main', studyInstanceUid: '1.3', isPrior: false },
    ];
    expect(sharedViewerPath({ studies }, 'main')).toBe('/viewer?StudyInstanceUIDs=1.3');
    expect(sharedViewerPath({ studies }, 'other')).toBe('/viewer?StudyInstanceUIDs=1.3&dataSource=main');
  });
});
