import { describe, expect, it } from 'vitest';
import type { StudyKind } from './choose-protocol.ts';
import { chooseProtocol } from './choose-protocol.ts';
import { placeSeries } from './place-series.ts';
import { fetchPersonalProtocols, savePersonalProtocol } from './protocol-api.ts';
import { identifyingWords, protocolFromArrangement, type ArrangedViewport } from './save-arrangement.ts';

const mrBrain: StudyKind = { modalities: ['MR'], regions: ['head'], description: 'MRI Brain', priorCount: 1 };
const view = (study: ArrangedViewport['study'], uid: string, description: string, preset?: string): ArrangedViewport => ({
  study,
  seriesInstanceUID: uid,
  modality: 'MR',
  description,
  plane: 'axial',
  preset,
  mode: 'stack',
});

describe("saving the reader's arrangement as a protocol", () => {
  it('keeps the words that identify a series, not the plane or thickness', () => {
    expect(identifyingWords('T2 TSE axial 5 mm')).toEqual(['t2']);
    // Anatomy is the study's kind, named differently from site to site: not what picks the series.
    expect(identifyingWords('Thorax 1.25 mm axial')).toEqual([]);
    expect(identifyingWords('Head 4 mm axial bone kernel')).toEqual(['bone', 'kernel']);
    expect(identifyingWords('DWI b1000 trace')).toEqual(['dwi', 'b1000']);
  });

  it('hangs the next study of that kind the same way: series by their words, the prior, the gap and the repeat', () => {
    const protocol = protocolFromArrangement(mrBrain, '2x2', [
      view('current', 't2', 'T2 TSE axial', 'Full range'),
      view(1, 'prior-t2', 'T2 TSE axial'),
      undefined,
      view('current', 't2', 'T2 TSE axial'),
    ]);
    expect(protocol.id).toBe('mine-mr-head-1-prior');
    expect(protocol.match).toEqual({ modalities: ['MR'], regions: ['head'], keywords: [], minPriors: 1 });
    expect(chooseProtocol(mrBrain, [], [protocol])?.owner).toBe('personal');

    const next = [
      { studyInstanceUID: 'n', seriesInstanceUID: 'n-t1', modality: 'MR', description: 'T1 SE axial', seriesNumber: 1, plane: 'axial' as const },
      { studyInstanceUID: 'n', seriesInstanceUID: 'n-t2', modality: 'MR', description: 'T2 TSE axial', seriesNumber: 2, plane: 'axial' as const },
    ];
    const prior = [{ studyInstanceUID: 'p', seriesInstanceUID: 'p-t2', modality: 'MR', description: 'T2 axial', seriesNumber: 2, plane: 'axial' as const }];
    const hanging = placeSeries(protocol, next, [prior]);
    expect(hanging.placements.map((p) => p?.seriesInstanceUID)).toEqual(['n-t2', 'p-t2', undefined, 'n-t2']);
    expect(hanging.placements[0]?.preset).toBe('Full range');
    expect(hanging.unmet.size).toBe(0);
  });

  it('goes to the gateway and back through the API', async () => {
    const protocol = protocolFromArrangement(mrBrain, '1x1', [view('current', 't1', 'T1 SE axial')]);
    const saved: unknown[] = [];
    const fetchImpl = async (url: string, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        saved.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify({ protocol: saved[0] }), { status: 200 });
      }
      return new Response(JSON.stringify({ protocols: saved }), { status: url === '/api/hanging-protocols' ? 200 : 404 });
    };
    expect(await savePersonalProtocol(protocol, fetchImpl)).toEqual(protocol);
    expect(await fetchPersonalProtocols(undefined, fetchImpl)).toEqual([protocol]);
    const refusing = async () => new Response(JSON.stringify({ error: 'too_many', message: 'You have 50 hanging protocols already.' }), { status: 409 });
    await expect(savePersonalProtocol(protocol, refusing)).rejects.toThrow('You have 50 hanging protocols already.');
  });
});
