import { describe, expect, it } from 'vitest';
import { getSessionState } from '../session/session-state.ts';
import { adoptPageSession } from './useSession.ts';

const source = {
  sourceName: 'orthanc',
  friendlyName: 'Local',
  qidoRoot: '/dicom-web',
  wadoRoot: '/dicom-web',
  stowRoot: '/dicom-web',
  quirks: { queryValueEncoding: 'literal' as const },
};
const ada = { username: 'radiologist', displayName: 'Ada Radiologist', personName: 'Radiologist^Ada', roles: ['radiologist' as const] };

describe('adoptPageSession', () => {
  it('takes who the page was rendered for, once (a configuration loaded again does not replace it)', () => {
    adoptPageSession({ defaultDataSourceName: 'orthanc', dataSources: [source], session: ada });
    expect(getSessionState()).toEqual({ session: ada, ended: undefined });
    adoptPageSession({ defaultDataSourceName: 'orthanc', dataSources: [source], session: { ...ada, username: 'someone-else' } });
    expect(getSessionState().session?.username).toBe('radiologist');
  });
});
