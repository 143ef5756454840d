import { describe, expect, it } from 'vitest';
import type { DicomwebRequest } from './request-gate.ts';
import {
  decideScope,
  decideShareScope,
  filterStudySearch,
  institutionInScope,
  scopedStudyQuery,
  sharedStudyQuery,
  sourceInScope,
  type Scope,
} from './scope.ts';

const ALL: Scope = { sources: null, institutions: null };
const ALPHA: Scope = { sources: null, institutions: ['Alpha Hospital'] };
const MAIN_ONLY: Scope = { sources: ['main'], institutions: null };

const req = (resource: Omit<DicomwebRequest, 'sourceId'>, sourceId = 'main'): DicomwebRequest => ({ sourceId, ...resource });

function study(uid: string, institution?: string): Record<string, unknown> {
  return {
    '0020000D': { vr: 'UI', Value: [uid] },
    ...(institution === undefined ? {} : { '00080080': { vr: 'LO', Value: [institution] } }),
  };
}

describe('source scope', () => {
  it('allows every source without a list, only the listed ones with one', () => {
    expect(sourceInScope(ALL, 'other')).toBe(true);
    expect(sourceInScope(MAIN_ONLY, 'main')).toBe(true);
    expect(sourceInScope(MAIN_ONLY, 'other')).toBe(false);
    expect(sourceInScope({ sources: [], institutions: null }, 'main')).toBe(false);
  });

  it('answers not found for every kind on a source outside the scope', () => {
    for (const kind of ['search-studies', 'search-series', 'metadata', 'frames', 'store'] as const) {
      expect(decideScope(MAIN_ONLY, req({ kind }, 'other'))).toEqual({ action: 'not-found' });
      expect(decideScope(MAIN_ONLY, req({ kind, studyUid: '1.2.3' }, 'other'))).toEqual({ action: 'not-found' });
    }
    expect(decideScope(MAIN_ONLY, req({ kind: 'metadata', studyUid: '1.2.3' }))).toEqual({ action: 'allow' });
  });
});

describe('institution scope', () => {
  it('compares trimmed and case-insensitively; a study without an institution is outside any list', () => {
    expect(institutionInScope(['Alpha Hospital'], '  alpha HOSPITAL ')).toBe(true);
    expect(institutionInScope([' alpha hospital'], 'Alpha Hospital')).toBe(true);
    expect(institutionInScope(['Alpha Hospital'], 'Alpha Hospital East')).toBe(false);
    expect(institutionInScope(['Alpha Hospital'], 'Beta Clinic')).toBe(false);
    expect(institutionInScope(['Alpha Hospital'], '')).toBe(false);
    expect(institutionInScope(['Alpha Hospital'], undefined)).toBe(false);
    expect(institutionInScope([], 'Alpha Hospital')).toBe(false);
    expect(institutionInScope(null, undefined)).toBe(true);
  });

  it('checks the study of every request that names one', () => {
    for (const kind of [
      'retrieve',
      'metadata',
      'frames',
      'rendered',
      'thumbnail',
      'bulkdata',
      'frame-batch',
      'search-series',
      'search-instances',
      'store',
    ] as const) {
      expect(decideScope(ALPHA, req({ kind, studyUid: '1.2.3' }))).toEqual({ action: 'check-study', studyUid: '1.2.3' });
    }
  });

  it('filters study searches, refuses searches across studies and uploads without a study', () => {
    expect(decideScope(ALPHA, req({ kind: 'search-studies' }))).toEqual({ action: 'filter-studies', institutions: ['Alpha Hospital'] });
    expect(decideScope(ALPHA, req({ kind: 'search-series' }))).toEqual({ action: 'not-found' });
    expect(decideScope(ALPHA, req({ kind: 'search-instances' }))).toEqual({ action: 'not-found' });
    expect(decideScope(ALPHA, req({ kind: 'store' }))).toEqual({ action: 'refuse-store' });
  });

  it('lets an unscoped account through untouched', () => {
    expect(decideScope(ALL, req({ kind: 'search-studies' }))).toEqual({ action: 'allow' });
    expect(decideScope(ALL, req({ kind: 'search-series' }))).toEqual({ action: 'allow' });
    expect(decideScope(ALL, req({ kind: 'store' }))).toEqual({ action: 'allow' });
  });
});

describe('scoped study query', () => {
  it('asks for the institution and, for one institution, matches it', () => {
    expect(scopedStudyQuery('', ['Alpha Hospital'], 'percent')).toBe('includefield=00080080&InstitutionName=Alpha%20Hospital');
    expect(scopedStudyQuery('PatientName=*^A*&limit=10', ['Alpha Hospital'], 'percent')).toBe(
      'PatientName=*^A*&limit=10&includefield=00080080&InstitutionName=Alpha%20Hospital',
    );
  });

  it('writes the institution as the source reads query values: Orthanc finds nothing for %20', () => {
    expect(scopedStudyQuery('limit=25', ['Alpha Hospital'], 'literal')).toBe('limit=25&includefield=00080080&InstitutionName=Alpha?Hospital');
    expect(scopedStudyQuery('', ['  Klinikum Süd & Partner '], 'literal')).toBe('includefield=00080080&InstitutionName=Klinikum?S*d???Partner');
    expect(scopedStudyQuery('', ['Klinikum Süd & Partner'], 'percent')).toBe('includefield=00080080&InstitutionName=Klinikum%20S%C3%BCd%20%26%20Partner');
  });

  it("keeps the browser's own institution match and does not narrow several institutions", () => {
    expect(scopedStudyQuery('InstitutionName=Beta*', ['Alpha Hospital'], 'percent')).toBe('InstitutionName=Beta*&includefield=00080080');
    expect(scopedStudyQuery('00080080=Beta*', ['Alpha Hospital'], 'literal')).toBe('00080080=Beta*&includefield=00080080');
    expect(scopedStudyQuery('limit=5', ['Alpha Hospital', 'Beta Clinic'], 'literal')).toBe('limit=5&includefield=00080080');
  });
});

describe('study search filter', () => {
  it('keeps only the studies of the scope', () => {
    const answer = [study('1', 'Alpha Hospital'), study('2', 'Beta Clinic'), study('3', ' ALPHA hospital'), study('4')];
    expect(filterStudySearch(answer, ['Alpha Hospital'])).toEqual([answer[0], answer[2]]);
    expect(filterStudySearch([], ['Alpha Hospital'])).toEqual([]);
  });

  it('refuses what is not a list of DICOM JSON objects', () => {
    expect(filterStudySearch({ '00080080': { Value: ['Alpha Hospital'] } }, ['Alpha Hospital'])).toBeUndefined();
    expect(filterStudySearch('[]', ['Alpha Hospital'])).toBeUndefined();
    expect(filterStudySearch([study('1', 'Alpha Hospital'), null], ['Alpha Hospital'])).toBeUndefined();
    expect(filterStudySearch([[study('1', 'Alpha Hospital')]], ['Alpha Hospital'])).toBeUndefined();
  });
});

describe('share scope', () => {
  const grant = {
    studies: [
      { sourceId: 'main', studyUid: '1.2.3' },
      { sourceId: 'main', studyUid: '1.2.4' },
      { sourceId: 'other', studyUid: '9.9' },
    ],
  };
  const at = (kind: DicomwebRequest['kind'], studyUid?: string, sourceId = 'main'): DicomwebRequest => ({ sourceId, kind, ...(studyUid ? { studyUid } : {}) });

  it('reaches the shared studies of their source, and nothing else', () => {
    expect(decideShareScope(grant, at('metadata', '1.2.3'))).toEqual({ action: 'allow' });
    expect(decideShareScope(grant, at('frame-batch', '1.2.4'))).toEqual({ action: 'allow' });
    expect(decideShareScope(grant, at('rendered', '1.2.5'))).toEqual({ action: 'not-found' });
    expect(decideShareScope(grant, at('metadata', '1.2.3', 'other'))).toEqual({ action: 'not-found' });
    expect(decideShareScope(grant, at('search-series'))).toEqual({ action: 'not-found' });
    expect(decideShareScope(grant, at('search-instances'))).toEqual({ action: 'not-found' });
  });

  it('answers study searches with the shared studies only, and refuses every upload', () => {
    expect(decideShareScope(grant, at('search-studies'))).toEqual({ action: 'filter-shared', studyUids: ['1.2.3', '1.2.4'] });
    expect(decideShareScope(grant, at('search-studies', undefined, 'third'))).toEqual({ action: 'not-found' });
    expect(decideShareScope(grant, at('store'))).toEqual({ action: 'refuse-store' });
    expect(decideShareScope(grant, at('store', '1.2.3'))).toEqual({ action: 'refuse-store' });
  });

  it('wins over the account scope when given', () => {
    expect(decideScope({ sources: null, institutions: null }, at('metadata', '1.2.5'), grant)).toEqual({ action: 'not-found' });
  });

  it('asks the archive for a single shared study, and filters by study', () => {
    expect(sharedStudyQuery('PatientName=*', ['1.2.3'])).toBe('PatientName=*&StudyInstanceUID=1.2.3');
    expect(sharedStudyQuery('', ['1.2.3'])).toBe('StudyInstanceUID=1.2.3');
    expect(sharedStudyQuery('StudyInstanceUID=7.7', ['1.2.3'])).toBe('StudyInstanceUID=7.7');
    expect(sharedStudyQuery('PatientID=X', ['1.2.3', '1.2.4'])).toBe('PatientID=X');
    const answer = [{ '0020000D': { Value: ['1.2.3'] } }, { '0020000D': { Value: ['7.7'] } }, {}];
    expect(filterStudySearch(answer, { studyUids: ['1.2.3'] })).toEqual([answer[0]]);
  });
});
