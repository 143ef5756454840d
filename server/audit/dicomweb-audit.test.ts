import { describe, expect, it } from 'vitest';
import { auditedAccessOf, patientNamedByQuery, queryBelowRoot, storedStudyUids } from './dicomweb-audit.ts';

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
      '00081199': {
        vr: 'SQ',
        Value: [
          { '00081190': { vr: 'UR', Value: ['http://gw/dicom-web/studies/1.2.3/series/4/instances/5'] } },
          { '00081190': { vr: 'UR', Value: ['http://gw/dicom-web/studies/9.8/series/7/instances/6'] } },
        ],
      },
    });
    expect(storedStudyUids(json)).toEqual(['1.2.3', '9.8']);
    expect(storedStudyUids('<Value number="1">https://pacs/rs/studies/1.2.3.4</Value>')).toEqual(['1.2.3.4']);
    expect(storedStudyUids('/studies/1..2/ and /studies/.1')).toEqual([]);
  });
});
