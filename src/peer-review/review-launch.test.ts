import { describe, expect, it } from 'vitest';
import { reviewCaseOf, reviewViewerPath, studyViewerPath } from './review-launch.ts';

describe('review-launch', () => {
  it('opens a case in the viewer in review mode, with its data source when not the default', () => {
    expect(reviewViewerPath({ studyInstanceUid: '1.2.3', sourceId: 'orthanc' }, 'c 1', 'orthanc')).toBe('/viewer?StudyInstanceUIDs=1.2.3&review=c+1');
    expect(reviewViewerPath({ studyInstanceUid: '1.2.3', sourceId: 'other' }, 'c1', 'orthanc')).toBe(
      '/viewer?StudyInstanceUIDs=1.2.3&dataSource=other&review=c1',
    );
    expect(studyViewerPath({ studyInstanceUid: '1.2.3', sourceId: 'orthanc' }, 'orthanc')).toBe('/viewer?StudyInstanceUIDs=1.2.3');
  });

  it('reads the case back from the viewer URL', () => {
    expect(reviewCaseOf(new URLSearchParams('StudyInstanceUIDs=1.2.3&review=c+1'))).toBe('c 1');
    expect(reviewCaseOf(new URLSearchParams('StudyInstanceUIDs=1.2.3&review='))).toBeUndefined();
    expect(reviewCaseOf(new URLSearchParams('StudyInstanceUIDs=1.2.3'))).toBeUndefined();
  });
});
