import { describe, expect, it } from 'vitest';
import { describeDicomwebPath } from './dicomweb-request.ts';

const S = '1.2.840.113619.2.55';
const SE = '1.2.3.4';
const I = '1.2.3.4.5';
const describe_ = (method: string, url: string) => describeDicomwebPath(method, url, 'main');

describe('describeDicomwebPath (temporary seam until request.dicomweb)', () => {
  it.each([
    ['GET', '/dicom-web/studies?PatientID=1', { sourceId: 'main', kind: 'search-studies' }],
    ['GET', '/dicom-web/series', { sourceId: 'main', kind: 'search-series' }],
    ['GET', '/dicom-web/instances', { sourceId: 'main', kind: 'search-instances' }],
    ['GET', `/dicom-web/studies/${S}/series`, { sourceId: 'main', kind: 'search-series', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/instances`, { sourceId: 'main', kind: 'search-instances', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/instances`, { sourceId: 'main', kind: 'search-instances', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/metadata`, { sourceId: 'main', kind: 'metadata', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/metadata`, { sourceId: 'main', kind: 'metadata', studyUid: S }],
    ['HEAD', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/metadata`, { sourceId: 'main', kind: 'metadata', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}`, { sourceId: 'main', kind: 'retrieve', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}`, { sourceId: 'main', kind: 'retrieve', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}`, { sourceId: 'main', kind: 'retrieve', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/frames/1,2`, { sourceId: 'main', kind: 'frames', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/frames/1/rendered?quality=50`, { sourceId: 'main', kind: 'rendered', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/thumbnail`, { sourceId: 'main', kind: 'thumbnail', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/bulk/7fe00010`, { sourceId: 'main', kind: 'bulkdata', studyUid: S }],
    ['GET', `/dicom-web/studies/${S}/series/${SE}/frames-batch?frame=${I}/1`, { sourceId: 'main', kind: 'frame-batch', studyUid: S }],
    ['POST', '/dicom-web/studies', { sourceId: 'main', kind: 'store' }],
    ['POST', `/dicom-web/studies/${S}`, { sourceId: 'main', kind: 'store', studyUid: S }],
    ['GET', `/sources/hospital/dicom-web/studies/${S}/metadata`, { sourceId: 'hospital', kind: 'metadata', studyUid: S }],
    ['GET', '/sources/hospital/dicom-web/studies', { sourceId: 'hospital', kind: 'search-studies' }],
  ])('%s %s', (method, url, expected) => {
    expect(describe_(method, url)).toEqual(expected);
  });

  it('reads the study of spellings an archive may take for the plain one (so they cannot pass unrecorded)', () => {
    expect(describe_('GET', `/dicom-web/STUDIES/${S}/Metadata`)).toEqual({ sourceId: 'main', kind: 'metadata', studyUid: S });
    expect(describe_('GET', `/dicom-web//studies/${S.replace(/\./g, '%2E')}/metadata/`)).toEqual({ sourceId: 'main', kind: 'metadata', studyUid: S });
    expect(describe_('GET', `/dicom-web/studies/${S}/something-new`)).toEqual({ sourceId: 'main', kind: 'retrieve', studyUid: S });
  });

  it('is undefined for what is not a DICOMweb read or store', () => {
    expect(describe_('GET', '/api/session')).toBeUndefined();
    expect(describe_('GET', '/dicom-webx/studies')).toBeUndefined();
    expect(describe_('GET', '/dicom-web')).toBeUndefined();
    expect(describe_('DELETE', `/dicom-web/studies/${S}`)).toBeUndefined();
    expect(describe_('POST', `/dicom-web/studies/${S}/series`)).toBeUndefined();
    expect(describe_('GET', '/dicom-web/studies/not-a-uid/metadata')).toBeUndefined();
    expect(describe_('GET', '/dicom-web/studies/%E0%A4%A/metadata')).toBeUndefined();
  });
});
