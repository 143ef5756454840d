import { describe, expect, it } from 'vitest';
import { auditedAccessOf, patientNamedByQuery, queryBelowRoot, storedStudyUids } from './dicomweb-audit.ts';
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

describe('what each kind of request records', () => {
  it('queries each time, metadata as a study opened, every image path as retrieval, STOW as a store', () => {
    expect(['search-studies', 'search-series', 'search-instances'].map((k) => auditedAccessOf(k as never))).toEqual(['query', 'query', 'query']);
    expect(auditedAccessOf('metadata')).toBe('opened');
    expect((['retrieve', 'frames', 'frame-batch', 'rendered', 'thumbnail', 'bulkdata'] as const).map(auditedAccessOf)).toEqual(Array(6).fill('retrieved'));
    expect(auditedAccessOf('store')).toBe('store');
  });

  it('keeps the query below the source root', () => {
    expect(queryBelowRoot('/dicom-web/studies?PatientName=Doe^J*&limit=25')).toBe('/studies?PatientName=Doe^J*&limit=25');
    expect(queryBelowRoot('/sources/h/dicom-web/series?Modality=CT')).toBe('/series?Modality=CT');
  });

  it('names the patient of a query only when it asks for one exact Patient ID', () => {
    expect(patientNamedByQuery('/dicom-web/studies?PatientID=RR100001&IssuerOfPatientID=NORDKLINIK')).toEqual({ id: 'RR100001', issuer: 'NORDKLINIK' });
    expect(patientNamedByQuery('/dicom-web/studies?00100020=ST%2D448812')).toEqual({ id: 'ST-448812' });
    expect(patientNamedByQuery('/dicom-web/studies?PatientID=RR*')).toBeUndefined();
    expect(patientNamedByQuery('/dicom-web/studies?PatientName=Doe')).toBeUndefined();
    expect(patientNamedByQuery('/dicom-web/studies')).toBeUndefined();
  });

  it('finds the studies a STOW answer stored into, JSON or XML', () => {
    const json = JSON.stringify({
      '00081190': { vr: 'UR', Value: ['http://gw/dicom-web/studies/1.2.3'] },
      '00081199': { vr: 'SQ', Value: [{ '00081190': { vr: 'UR', Value: ['http://gw/dicom-web/studies/1.2.3/series/4/instances/5'] } }, { '00081190': { vr: 'UR', Value: ['http://gw/dicom-web/studies/9.8/series/7/instances/6'] } }] },
    });
    expect(storedStudyUids(json)).toEqual(['1.2.3', '9.8']);
    expect(storedStudyUids('<Value number="1">https://pacs/rs/studies/1.2.3.4</Value>')).toEqual(['1.2.3.4']);
    expect(storedStudyUids('/studies/1..2/ and /studies/.1')).toEqual([]);
  });
});
