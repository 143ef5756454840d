import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { REGION_PRESETS, imageAnatomy, presetAnatomy, presetsForImage, relevantPresetNames } from './body-part-presets.ts';
import { tablePresetsFor } from './window-presets.ts';

const lo = (v: string) => ({ vr: 'LO', Value: [v] });

function ct(attrs: Record<string, unknown> = {}): DicomJsonDataset {
  return {
    '00080060': { vr: 'CS', Value: ['CT'] },
    '00281050': { vr: 'DS', Value: [40, -600] },
    '00281051': { vr: 'DS', Value: [400, 1500] },
    '00281055': { vr: 'LO', Value: ['MEDIASTINUM', 'LUNG'] },
    ...attrs,
  } as DicomJsonDataset;
}

const keys = (ds: DicomJsonDataset) =>
  presetsForImage(ds, [], { min: -1024, max: 3071 })
    .presets.filter((p) => p.key)
    .map((p) => `${p.key} ${p.name} ${p.width}/${p.center}`);

describe('presetAnatomy', () => {
  it('reads Body Part Examined first', () => {
    expect(presetAnatomy({ bodyPart: 'CHEST', seriesDescription: 'Head 4 mm' })).toEqual({ regions: ['chest'], source: 'Body Part Examined' });
    expect(presetAnatomy({ bodyPart: 'BRAIN' })).toEqual({ regions: ['head'], source: 'Body Part Examined' });
    expect(presetAnatomy({ bodyPart: 'CHESTABDPELVIS' }).regions).toEqual(['chest', 'abdomen', 'pelvis']);
    expect(presetAnatomy({ bodyPart: 'LSPINE' }).regions).toEqual(['spine']);
    expect(presetAnatomy({ bodyPart: 'KNEE' }).regions).toEqual(['extremity']);
  });
  it('falls back on the anatomic region, then the series, then the study description', () => {
    expect(presetAnatomy({ bodyPart: '', anatomicRegions: ['Abdomen'], studyDescription: 'CT Schädel' })).toEqual({
      regions: ['abdomen'],
      source: 'Anatomic Region Sequence',
    });
    expect(presetAnatomy({ bodyPart: 'XYZ', seriesDescription: 'Thorax 1.25 mm axial', studyDescription: 'CT Schädel' })).toEqual({
      regions: ['chest'],
      source: 'Series Description',
    });
    expect(presetAnatomy({ seriesDescription: 'Axial 5 mm', studyDescription: 'CT Schädel nativ' })).toEqual({
      regions: ['head'],
      source: 'Study Description',
    });
    expect(presetAnatomy({ seriesDescription: 'Axial 5 mm' })).toEqual({ regions: [] });
  });
});

describe('imageAnatomy', () => {
  it('reads modality, body part, anatomic region code meanings and descriptions from DICOM JSON', () => {
    const ds = ct({
      '00180015': { vr: 'CS', Value: ['CHEST'] },
      '00082218': {
        vr: 'SQ',
        Value: [{ '00080100': { vr: 'SH', Value: ['T-D3000'] }, '00080104': lo('Chest') }, { '00080100': { vr: 'SH', Value: ['T-D4000'] } }],
      },
      '0008103E': lo('Thorax 1.25 mm axial'),
      '00081030': lo('CT Thorax ohne KM'),
    });
    expect(imageAnatomy(ds)).toEqual({
      modality: 'CT',
      bodyPart: 'CHEST',
      anatomicRegions: ['Chest', 'T-D4000'],
      seriesDescription: 'Thorax 1.25 mm axial',
      studyDescription: 'CT Thorax ohne KM',
    });
    expect(imageAnatomy(undefined)).toEqual({});
  });
});

describe('the region table', () => {
  it('names only presets of the modality table', () => {
    for (const [modality, byRegion] of Object.entries(REGION_PRESETS)) {
      const names = new Set(tablePresetsFor(modality).map((p) => p.name));
      for (const list of Object.values(byRegion)) for (const name of list) expect(names, `${modality} ${name}`).toContain(name);
    }
  });
  it('leaves the whole table relevant when no region is known or the modality has no region list', () => {
    expect(relevantPresetNames('CT', [])).toBeUndefined();
    expect(relevantPresetNames('MR', ['head'])).toBeUndefined();
    expect(relevantPresetNames('CT', ['chest', 'abdomen'])).toEqual(['Lung', 'Mediastinum', 'Soft tissue', 'Bone', 'Abdomen', 'Liver']);
  });
});

describe('presetsForImage: keys 1–9', () => {
  it('on a chest CT: the header windows by explanation, then chest presets, then full range; never Brain', () => {
    expect(keys(ct({ '00180015': { vr: 'CS', Value: ['CHEST'] } }))).toEqual([
      '1 MEDIASTINUM 400/40',
      '2 LUNG 1500/-600',
      '3 Mediastinum 350/50',
      '4 Bone 2500/480',
      '5 Full range 4095/1023.5',
    ]);
  });
  it('on a head CT (body part from the study description): brain windows', () => {
    const head = ct({
      '00281050': { vr: 'DS', Value: [40, 600] },
      '00281051': { vr: 'DS', Value: [80, 2800] },
      '00281055': { vr: 'LO', Value: ['BRAIN', 'BONE'] },
      '00081030': lo('CT Head without contrast'),
    });
    expect(keys(head)).toEqual(['1 BRAIN 80/40', '2 BONE 2800/600', '3 Subdural 200/75', '4 Stroke 40/40', '5 Bone 2500/480', '6 Full range 4095/1023.5']);
    expect(presetsForImage(head, [], undefined).anatomy).toEqual({ regions: ['head'], source: 'Study Description' });
  });
  it('names unexplained header windows "Header 1"…, and puts the user presets before the full range', () => {
    const ds = ct({ '00281055': undefined, '00180015': { vr: 'CS', Value: ['ABDOMEN'] } });
    const offered = presetsForImage(ds, [{ name: 'Pancreas', width: 350, center: 60, modality: 'CT' }], { min: 0, max: 100 }).presets;
    expect(offered.filter((p) => p.key).map((p) => p.name)).toEqual(['Header 1', 'Header 2', 'Abdomen', 'Liver', 'Bone', 'Pancreas', 'Full range']);
  });
  it('keeps the whole table when the image names no body part', () => {
    const names = keys(ct()).map((k) => k.split(' ')[1]);
    expect(names).toEqual(['MEDIASTINUM', 'LUNG', 'Brain', 'Subdural', 'Stroke', 'Mediastinum', 'Abdomen', 'Liver', 'Bone']);
  });
});
