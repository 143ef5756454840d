import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { seriesRowFrom, studyFacts } from './facts-from-qido.ts';
import { regionsOf } from './regions.ts';

describe('series rows from QIDO-RS', () => {
  it('reads modality, description, body part, laterality, thickness and plane when present', () => {
    const row = seriesRowFrom({
      '0020000E': { vr: 'UI', Value: ['1.2.3'] },
      '00080060': { vr: 'CS', Value: ['MR'] },
      '0008103E': { vr: 'LO', Value: ['PD FS sag'] },
      '00200011': { vr: 'IS', Value: [4] },
      '00180015': { vr: 'CS', Value: ['KNEE'] },
      '00200060': { vr: 'CS', Value: ['R'] },
      '00180050': { vr: 'DS', Value: [3] },
      '00200037': { vr: 'DS', Value: [0, 1, 0, 0, 0, -1] },
    });
    expect(row).toEqual({
      seriesInstanceUID: '1.2.3',
      modality: 'MR',
      description: 'PD FS sag',
      seriesNumber: 4,
      bodyPart: 'KNEE',
      laterality: 'R',
      sliceThickness: 3,
      plane: 'sagittal',
    });
    const facts = studyFacts({ studyInstanceUID: '1', description: 'MRT Knie', modalities: ['MR'] } as StudySummary, [row]);
    expect([...regionsOf(facts)]).toEqual(['knee:right']);
  });

  it('copes with a row that has only the QIDO defaults', () => {
    expect(seriesRowFrom({ '0020000E': { vr: 'UI', Value: ['1.2'] } })).toMatchObject({ modality: '', bodyPart: '', laterality: '', plane: undefined });
  });
});
