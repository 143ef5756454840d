import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { archiveDocuments, documentKind, isPdf, srTree } from './archive-documents.ts';

const code = (meaning: string, value = 'X') => ({
  vr: 'SQ',
  Value: [{ '00080100': { vr: 'SH', Value: [value] }, '00080104': { vr: 'LO', Value: [meaning] } }],
});

const sr: DicomJsonDataset = {
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.11'] },
  '00080018': { vr: 'UI', Value: ['1.2.3.4'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3'] },
  '00080023': { vr: 'DA', Value: ['20230302'] },
  '0040A491': { vr: 'CS', Value: ['COMPLETE'] },
  '0040A493': { vr: 'CS', Value: ['VERIFIED'] },
  '0040A040': { vr: 'CS', Value: ['CONTAINER'] },
  '0040A043': code('Radiology Report'),
  '0040A730': {
    vr: 'SQ',
    Value: [
      {
        '0040A010': { vr: 'CS', Value: ['CONTAINS'] },
        '0040A040': { vr: 'CS', Value: ['TEXT'] },
        '0040A043': code('Finding'),
        '0040A160': { vr: 'UT', Value: ['<script>alert(1)</script> Nodule'] },
      },
      {
        '0040A010': { vr: 'CS', Value: ['CONTAINS'] },
        '0040A040': { vr: 'CS', Value: ['NUM'] },
        '0040A043': code('Diameter'),
        '0040A300': { vr: 'SQ', Value: [{ '0040A30A': { vr: 'DS', Value: [6.5] }, '004008EA': code('millimeter', 'mm') }] },
      },
      {
        '0040A010': { vr: 'CS', Value: ['CONTAINS'] },
        '0040A040': { vr: 'CS', Value: ['CONTAINER'] },
        '0040A043': code('Impression'),
        '0040A730': {
          vr: 'SQ',
          Value: [
            {
              '0040A010': { vr: 'CS', Value: ['CONTAINS'] },
              '0040A040': { vr: 'CS', Value: ['CODE'] },
              '0040A043': code('Finding'),
              '0040A168': code('Nodule'),
            },
          ],
        },
      },
    ],
  },
};

describe('archive documents', () => {
  it('knows SR and PDF classes (not key object selections or images)', () => {
    expect(documentKind('1.2.840.10008.5.1.4.1.1.88.33')).toBe('sr');
    expect(documentKind('1.2.840.10008.5.1.4.1.1.104.1')).toBe('pdf');
    expect(documentKind('1.2.840.10008.5.1.4.1.1.88.59')).toBeUndefined();
    expect(documentKind('1.2.840.10008.5.1.4.1.1.2')).toBeUndefined();
  });

  it('reads an SR content tree of any template, values as text', () => {
    expect(srTree(sr)).toEqual({
      name: 'Radiology Report',
      valueType: 'CONTAINER',
      value: '',
      relationship: '',
      children: [
        { name: 'Finding', valueType: 'TEXT', value: '<script>alert(1)</script> Nodule', relationship: 'CONTAINS', children: [] },
        { name: 'Diameter', valueType: 'NUM', value: '6.5 mm', relationship: 'CONTAINS', children: [] },
        {
          name: 'Impression',
          valueType: 'CONTAINER',
          value: '',
          relationship: 'CONTAINS',
          children: [{ name: 'Finding', valueType: 'CODE', value: 'Nodule', relationship: 'CONTAINS', children: [] }],
        },
      ],
    });
  });

  it('lists the documents of a series with their title and flags', () => {
    const pdf: DicomJsonDataset = {
      '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.104.1'] },
      '00080018': { vr: 'UI', Value: ['1.2.3.5'] },
      '00420010': { vr: 'ST', Value: ['Outside report'] },
      '00420011': { vr: 'OB', BulkDataURI: 'http://archive/dicom-web/studies/1/series/2/instances/3/bulk/00420011' },
    };
    const [first, second] = archiveDocuments([sr, pdf, { '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] } }]);
    expect(first).toMatchObject({ kind: 'sr', title: 'Radiology Report', completion: 'COMPLETE', verification: 'VERIFIED', contentDate: '20230302' });
    expect(second).toMatchObject({
      kind: 'pdf',
      title: 'Outside report',
      bulkDataUri: 'http://archive/dicom-web/studies/1/series/2/instances/3/bulk/00420011',
    });
  });

  it('shows only what is a PDF', () => {
    expect(isPdf(new TextEncoder().encode('%PDF-1.4\n'))).toBe(true);
    expect(isPdf(new TextEncoder().encode('<html><script>'))).toBe(false);
  });
});
