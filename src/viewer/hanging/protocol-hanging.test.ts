import { describe, expect, it } from 'vitest';
import type { SeriesSummary, StudySummary } from '../../dicomweb/study-summary.ts';
import type { HangingProtocol } from '../../hanging-protocols/hanging-protocol.ts';
import { shippedProtocols } from '../../hanging-protocols/shipped-protocols.ts';
import type { LaunchStudy } from './launch-queries.ts';
import { priorsWantedByProtocols, protocolHanging, studyKindOf } from './protocol-hanging.ts';

const patient = { patientName: 'Müller^Jürgen', patientId: 'RR100001', issuerOfPatientId: 'READROOM-TEST', patientBirthDate: '19580412', patientSex: 'M' };

function launch(uid: string, description: string, modality: string, series: Partial<SeriesSummary>[], who: Partial<StudySummary> = {}): LaunchStudy {
  const study: StudySummary = {
    studyInstanceUID: uid,
    ...patient,
    studyDate: '20240314',
    studyTime: '100000',
    accessionNumber: '',
    modalities: [modality],
    description,
    referringPhysician: '',
    numberOfSeries: series.length,
    numberOfInstances: undefined,
    ...who,
  };
  return {
    studyInstanceUID: uid,
    study,
    series: series.map((s, i) => ({ seriesInstanceUID: `${uid}.${i}`, modality, description: '', seriesNumber: i + 1, numberOfInstances: 10, ...s })),
  };
}

const shipped = shippedProtocols();
const chest = launch('1.1', 'CT Thorax ohne KM', 'CT', [{ description: 'Thorax 1.25 mm axial' }]);
const chestPrior = launch('1.2', 'CT Thorax', 'CT', [{ description: 'Thorax 5 mm axial' }]);
const brain = launch('2.1', 'MRI Brain', 'MR', [
  { description: 'T1 SE axial' },
  { description: 'T2 TSE axial' },
  { description: 'FLAIR axial' },
  { description: 'DWI b1000 trace axial' },
]);

describe('studyKindOf', () => {
  it('reads the region from the study description (German too) and counts the priors it is given', () => {
    expect(studyKindOf(chest, 1)).toEqual({ modalities: ['CT'], regions: ['chest'], description: 'CT Thorax ohne KM', priorCount: 1 });
    expect(studyKindOf(brain, 0).regions).toEqual(['head']);
  });

  it('prefers the series’ Body Part Examined to the words of a description', () => {
    const rows = [{ ...chest.series[0]!, sliceThickness: 1.25, plane: 'axial' as const, bodyPart: 'ABDOMEN', laterality: '' }];
    expect(studyKindOf(chest, 0, rows).regions).toEqual(['abdomen']);
  });
});

describe('protocolHanging', () => {
  it('hangs a CT chest alone in mediastinum and lung windows side by side', () => {
    const hanging = protocolHanging(chest, [], shipped, [])!;
    expect(hanging.choice).toMatchObject({ owner: 'shipped', protocol: { id: 'ct-chest' } });
    expect(hanging.layout).toBe('1x2');
    expect(hanging.series).toEqual([
      chest.series.map((s) => ({ studyInstanceUID: '1.1', seriesInstanceUID: s.seriesInstanceUID }))[0],
      { studyInstanceUID: '1.1', seriesInstanceUID: '1.1.0' },
    ]);
    expect(hanging.presets).toEqual(['Mediastinum', 'Lung']);
  });

  it('hangs a CT chest with its prior in a 2×2: current above, prior below, both windows', () => {
    const hanging = protocolHanging(chest, [chestPrior], shipped, [])!;
    expect(hanging.choice.protocol.id).toBe('ct-chest-with-prior');
    expect(hanging.layout).toBe('2x2');
    expect(hanging.series.map((s) => s?.seriesInstanceUID)).toEqual(['1.1.0', '1.1.0', '1.2.0', '1.2.0']);
    expect(hanging.presets).toEqual(['Mediastinum', 'Lung', 'Mediastinum', 'Lung']);
  });

  it('never counts another patient’s study as a prior', () => {
    const stranger = launch('9.1', 'CT Thorax', 'CT', [{ description: 'Thorax 5 mm axial' }], { patientId: 'OTHER' });
    expect(protocolHanging(chest, [stranger], shipped, [])!.choice.protocol.id).toBe('ct-chest');
  });

  it('hangs an MR brain as T1, T2, FLAIR and diffusion, and says which viewport it could not fill', () => {
    const hanging = protocolHanging(brain, [], shipped, [])!;
    expect(hanging.series.map((s) => s?.seriesInstanceUID)).toEqual(['2.1.0', '2.1.1', '2.1.2', '2.1.3']);
    const withoutFlair = launch('2.2', 'MRI Brain', 'MR', [{ description: 'T1 SE axial' }, { description: 'T2 TSE axial' }]);
    const partial = protocolHanging(withoutFlair, [], shipped, [])!;
    expect(partial.series.map((s) => s?.seriesInstanceUID)).toEqual(['2.2.0', '2.2.1', undefined, undefined]);
    expect(partial.unmet.get(2)).toMatch(/flair/i);
  });

  it('prefers the reader’s own protocol for the kind of study', () => {
    const mine: HangingProtocol = {
      id: 'mine-ct-chest-0-prior',
      name: 'My CT chest layout',
      match: { modalities: ['CT'], regions: ['chest'], keywords: [], minPriors: 0 },
      layout: '1x1',
      viewports: [{ study: 'current', priorIndex: 0, series: { modality: 'CT', keywords: [], excludeKeywords: [] }, preset: 'Lung', mode: 'stack' }],
    };
    const hanging = protocolHanging(chest, [], shipped, [mine])!;
    expect(hanging.choice.owner).toBe('personal');
    expect(hanging.layout).toBe('1x1');
    expect(hanging.presets).toEqual(['Lung']);
  });

  it('falls back to the shipped protocol when the reader’s own finds none of its series here', () => {
    const mine: HangingProtocol = {
      id: 'mine-ct-chest-0-prior',
      name: 'My CT chest layout',
      match: { modalities: ['CT'], regions: ['chest'], keywords: [], minPriors: 0 },
      layout: '1x1',
      viewports: [{ study: 'current', priorIndex: 0, series: { modality: 'CT', keywords: ['bone'], excludeKeywords: [] }, mode: 'stack' }],
    };
    expect(protocolHanging(chest, [], shipped, [mine])!.choice).toMatchObject({ owner: 'shipped', protocol: { id: 'ct-chest' } });
  });

  it('leaves a study no protocol is for to the plain hanging', () => {
    const echo = launch('3.1', 'Echocardiogram', 'US', [{ description: 'Apical view' }]);
    expect(protocolHanging(echo, [], shipped, [])).toBeUndefined();
  });
});

describe('priorsWantedByProtocols', () => {
  it('asks for as many priors as the protocols that could fit ask for', () => {
    expect(priorsWantedByProtocols(chest, shipped, [])).toBe(1);
    expect(priorsWantedByProtocols(brain, shipped, [])).toBe(0);
  });
});
