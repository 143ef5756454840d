import { describe, expect, it } from 'vitest';
import { firstInstanceOf, isFirstInstanceQuery, priorityFromDicomJson } from './header-priority.ts';

const sq = (...priorities: string[]) => ({ vr: 'SQ', Value: priorities.map((p) => ({ '00401003': { vr: 'SH', Value: [p] } })) });

describe("a study's header priority", () => {
  it('reads the Request Attributes Sequence (the highest request), else Study Priority ID', () => {
    expect(priorityFromDicomJson([{ '00400275': sq('ROUTINE', 'HIGH') }])).toBe('urgent');
    expect(priorityFromDicomJson([{ '00400275': sq('STAT'), '0032000C': { vr: 'CS', Value: ['LOW'] } }])).toBe('stat');
    expect(priorityFromDicomJson([{ '00400275': { vr: 'SQ' }, '0032000C': { vr: 'CS', Value: ['STAT'] } }])).toBe('stat');
    expect(priorityFromDicomJson([{ '00080050': { vr: 'SH', Value: ['A1'] } }])).toBeUndefined();
    expect(priorityFromDicomJson({ not: 'a list' })).toBeUndefined();
    expect(priorityFromDicomJson([{ '00400275': { vr: 'SQ', Value: ['junk', null] } }])).toBeUndefined();
  });

  it('finds the series and instance of the first instance, refusing anything but UIDs', () => {
    const item = (series: string, sop: string) => [{ '0020000E': { vr: 'UI', Value: [series] }, '00080018': { vr: 'UI', Value: [sop] } }];
    expect(firstInstanceOf(item('1.2.3', '1.2.4'))).toEqual({ seriesUid: '1.2.3', instanceUid: '1.2.4' });
    expect(firstInstanceOf(item('1.2.3', '../../x'))).toBeUndefined();
    expect(firstInstanceOf([])).toBeUndefined();
    expect(isFirstInstanceQuery('/dicom-web/studies/1.2.3/instances?limit=1')).toBe(true);
    expect(isFirstInstanceQuery('/dicom-web/studies/1.2.3/instances')).toBe(false);
  });
});
