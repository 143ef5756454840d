import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseProtocol, hasKeyword, personalMatchFor, type StudyKind } from './choose-protocol.ts';
import { hangingProtocolSchema, parseProtocols, type HangingProtocol, type HangingProtocolInput } from './hanging-protocol.ts';
import { placeSeries, type CandidateSeries } from './place-series.ts';

const DIR = path.join(import.meta.dirname, '../../config/hanging-protocols');
const shipped = parseProtocols(Object.fromEntries(readdirSync(DIR).map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as unknown])));

const kind = (modalities: string[], regions: StudyKind['regions'], priorCount = 0, description = ''): StudyKind => ({
  modalities,
  regions,
  priorCount,
  description,
});
const series = (
  studyInstanceUID: string,
  seriesInstanceUID: string,
  modality: string,
  description: string,
  seriesNumber?: number,
  plane?: CandidateSeries['plane'],
) => ({
  studyInstanceUID,
  seriesInstanceUID,
  modality,
  description,
  seriesNumber,
  plane,
});

describe('the shipped hanging protocols', () => {
  it('parse', () => {
    expect(shipped.map((p) => p.id).sort()).toEqual(['ct-chest', 'ct-chest-with-prior', 'ct-head', 'ct-head-with-prior', 'mr-brain', 'xr-chest-with-prior']);
  });

  it.each([
    [kind(['CT'], ['chest'], 1), 'ct-chest-with-prior'],
    [kind(['CT'], ['chest'], 0), 'ct-chest'],
    [kind(['CT'], ['head'], 0), 'ct-head'],
    [kind(['CT'], ['head'], 2), 'ct-head-with-prior'],
    [kind(['MR'], ['head'], 0), 'mr-brain'],
    [kind(['CR'], ['chest'], 1), 'xr-chest-with-prior'],
    [kind(['DX'], ['chest'], 0), undefined],
    [kind(['CT'], ['abdomen'], 0), undefined],
    [kind(['US'], [], 0), undefined],
  ])('hang %o with %s', (study, id) => {
    expect(chooseProtocol(study, shipped)?.protocol.id).toBe(id);
  });

  it('hang an MR brain T1 / T2 / FLAIR / DWI, whatever the series order, and say which is missing', () => {
    const mr = shipped.find((p) => p.id === 'mr-brain')!;
    const study = [
      series('s', 'flair', 'MR', 'T2 FLAIR axial', 4),
      series('s', 'dwi', 'MR', 'DWI b1000 trace', 5),
      series('s', 't2', 'MR', 'T2 TSE axial', 3),
      series('s', 't1', 'MR', 'T1 SE axial', 2),
      series('s', 'loc', 'MR', 'Localizer', 1),
    ];
    expect(placeSeries(mr, study, []).placements.map((p) => p?.seriesInstanceUID)).toEqual(['t1', 't2', 'flair', 'dwi']);
    const withoutFlair = placeSeries(
      mr,
      study.filter((s) => s.seriesInstanceUID !== 'flair' && s.seriesInstanceUID !== 'dwi'),
      [],
    );
    expect(withoutFlair.placements.map((p) => p?.seriesInstanceUID)).toEqual(['t1', 't2', undefined, undefined]);
    expect(withoutFlair.unmet.get(2)).toBe('no series matching MR flair');
  });

  it('hang a CT chest twice in two windows, and the prior below', () => {
    const ct = shipped.find((p) => p.id === 'ct-chest-with-prior')!;
    const current = [series('c', 'scout', 'CT', 'Topogram', 1, 'coronal'), series('c', 'axial', 'CT', 'Thorax 1.25 mm', 2, 'axial')];
    const prior = [series('p', 'p-axial', 'CT', 'Thorax 5 mm', 2, 'axial')];
    const hanging = placeSeries(ct, current, [prior]);
    expect(hanging.layout).toBe('2x2');
    expect(hanging.placements.map((p) => [p?.seriesInstanceUID, p?.preset])).toEqual([
      ['axial', 'Mediastinum'],
      ['axial', 'Lung'],
      ['p-axial', 'Mediastinum'],
      ['p-axial', 'Lung'],
    ]);
    expect(placeSeries(ct, current, []).unmet.get(2)).toBe('no prior study to compare with');
  });
});

describe('choosing a protocol', () => {
  const protocol = (input: HangingProtocolInput): HangingProtocol => hangingProtocolSchema.parse(input);
  const mine = protocol({ id: 'mine', name: 'Mine', match: { modalities: ['CT'], regions: ['chest'] }, layout: '1x1', viewports: [{}] });

  it("prefers the reader's own protocol for the kind of study", () => {
    expect(chooseProtocol(kind(['CT'], ['chest'], 1), shipped, [mine])).toEqual({ protocol: mine, owner: 'personal' });
    expect(chooseProtocol(kind(['CT'], ['head'], 1), shipped, [mine])?.owner).toBe('shipped');
  });

  it('saves a personal protocol for the first modality and region, with the priors it was arranged with', () => {
    expect(personalMatchFor(kind(['CT', 'SR'], ['chest', 'abdomen']), 5)).toEqual({ modalities: ['CT'], regions: ['chest'], keywords: [], minPriors: 3 });
  });

  it('matches description words whole, without accents or case', () => {
    expect(hasKeyword('Schädel nativ', 'schadel')).toBe(true);
    expect(hasKeyword('T2* GRE', 't2')).toBe(true);
    expect(hasKeyword('AT2 map', 't2')).toBe(false);
  });

  it('refuses a protocol that names a viewport the layout lacks, a later viewport, or a prior it does not require', () => {
    const base = { id: 'x', name: 'X', match: { modalities: ['CT'] } };
    expect(hangingProtocolSchema.safeParse({ ...base, layout: '1x1', viewports: [{}, {}] }).error?.issues[0]?.message).toMatch(/room for 1/);
    expect(hangingProtocolSchema.safeParse({ ...base, layout: '1x2', viewports: [{ sameSeriesAs: 1 }, {}] }).success).toBe(false);
    expect(hangingProtocolSchema.safeParse({ ...base, layout: '1x2', viewports: [{}, { study: 'prior' }] }).error?.issues[0]?.message).toMatch(/minPriors/);
    expect(() => parseProtocols({ 'a.json': { ...base, layout: '1x1', viewports: [{}] }, 'b.json': { ...base, layout: '1x1', viewports: [{}] } })).toThrow(
      /used twice/,
    );
  });
});
