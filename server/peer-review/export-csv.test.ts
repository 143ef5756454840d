import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../src/peer-review/peer-review-contract.ts';
import { exportCsv, exportRow, neutralise, type ExportSource } from './export-csv.ts';

const source = (extra: Partial<ExportSource> = {}): ExportSource => ({
  readerPseudonym: 'R-7KQ2MX',
  studyDescription: 'CT CHEST WITH CONTRAST',
  modalities: ['CT', 'SR', 'CT'],
  finalScore: '3b',
  arbitration: 'confirmed',
  submittedAt: new Date('2026-12-03T15:04:05Z'),
  finalizedAt: new Date('2026-12-01T09:00:00Z'),
  origin: 'sampled',
  ...extra,
});

describe('peer-review CSV export', () => {
  it('has the RADPEER columns in order and one row per review', () => {
    const csv = exportCsv([exportRow(source()), exportRow(source({ finalScore: '1', arbitration: 'not-needed', origin: 'manual' }))]);
    expect(csv.split('\r\n')).toEqual([
      EXPORT_COLUMNS.join(','),
      'R-7KQ2MX,CT CHEST WITH CONTRAST,CT/SR,3b,likely significant,2026-12-03,2026-12-01,confirmed,sampled',
      'R-7KQ2MX,CT CHEST WITH CONTRAST,CT/SR,1,,2026-12-03,2026-12-01,not-needed,manual',
      '',
    ]);
    expect(exportRow(source({ finalScore: '2a' })).significance).toBe('unlikely significant');
  });

  it('neutralises cells a spreadsheet would run as a formula, and quotes commas, quotes and line breaks', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralise(`${start}HYPERLINK("x")`)).toBe(`'${start}HYPERLINK("x")`);
    expect(neutralise('CT head')).toBe('CT head');
    const csv = exportCsv([exportRow(source({ studyDescription: '=cmd|" /C calc"!A0, "x"\nnext' }))]);
    expect(csv.split('\r\n')[1]).toBe(`R-7KQ2MX,"'=cmd|"" /C calc""!A0, ""x""\nnext",CT/SR,3b,likely significant,2026-12-03,2026-12-01,confirmed,sampled`);
  });
});
