import { describe, expect, it } from 'vitest';
import {
  WINDOW_PRESETS,
  fullRangeWindow,
  headerWindows,
  offeredPresets,
  parseUserPresets,
  presetForKey,
  tablePresetsFor,
  validateUserPreset,
} from './window-presets.ts';

describe('the preset table', () => {
  it('has the CT windows a reader expects, with values from their sources', () => {
    const ct = Object.fromEntries(tablePresetsFor('ct').map((p) => [p.name, [p.width, p.center]]));
    expect(ct).toMatchObject({
      Brain: [80, 40],
      Subdural: [200, 75],
      Stroke: [40, 40],
      Lung: [1500, -600],
      Mediastinum: [350, 50],
      'Soft tissue': [400, 40],
      Abdomen: [400, 50],
      Liver: [150, 90],
      Bone: [2500, 480],
    });
  });
  it('gives every preset a positive width, a name and a source', () => {
    for (const presets of Object.values(WINDOW_PRESETS)) {
      for (const p of presets) {
        expect(p.width).toBeGreaterThan(0);
        expect(p.name.trim()).not.toBe('');
        expect(p.source.trim()).not.toBe('');
      }
      expect(new Set(presets.map((p) => p.name)).size).toBe(presets.length);
    }
  });
  it('has nothing for modalities without a table', () => expect(tablePresetsFor('MR')).toEqual([]));
});

describe('headerWindows', () => {
  it('reads every WC/WW pair with its explanation', () => {
    const ds = {
      '00281050': { vr: 'DS', Value: [40, -600] },
      '00281051': { vr: 'DS', Value: [400, 1500] },
      '00281055': { vr: 'LO', Value: ['MEDIASTINUM', 'LUNG'] },
    };
    expect(headerWindows(ds)).toEqual([
      { name: 'MEDIASTINUM', width: 400, center: 40 },
      { name: 'LUNG', width: 1500, center: -600 },
    ]);
  });
  it('names unexplained windows and skips unusable widths', () => {
    const ds = { '00281050': { vr: 'DS', Value: ['50', '10'] }, '00281051': { vr: 'DS', Value: ['350', '0'] } };
    expect(headerWindows(ds)).toEqual([{ name: 'Header 1', width: 350, center: 50 }]);
    expect(headerWindows(undefined)).toEqual([]);
  });
  it('pairs centers and widths by position: a blank or empty value drops its own pair only, never reads as 0', () => {
    const ds = {
      '00281050': { vr: 'DS', Value: ['', '-600', null, '40'] },
      '00281051': { vr: 'DS', Value: ['400', '1500', '80', ' '] },
      '00281055': { vr: 'LO', Value: ['MEDIASTINUM', 'LUNG', 'BRAIN', 'BONE'] },
    };
    expect(headerWindows(ds)).toEqual([{ name: 'LUNG', width: 1500, center: -600 }]);
  });
});

describe('user presets', () => {
  it('keeps only well-formed stored entries', () => {
    const stored = JSON.stringify([
      { name: ' Pancreas ', width: 350, center: 60, modality: 'ct' },
      { name: 'broken', width: -1, center: 0, modality: 'CT' },
      { name: 'no modality', width: 10, center: 0 },
      'junk',
    ]);
    expect(parseUserPresets(stored)).toEqual([{ name: 'Pancreas', width: 350, center: 60, modality: 'CT' }]);
    expect(parseUserPresets('{not json')).toEqual([]);
    expect(parseUserPresets(null)).toEqual([]);
  });
  it('validates the form', () => {
    expect(validateUserPreset({ name: '', width: '10', center: '0', modality: 'CT' })).toMatch(/name/);
    expect(validateUserPreset({ name: 'x', width: '0', center: '0', modality: 'CT' })).toMatch(/Width/);
    expect(validateUserPreset({ name: 'x', width: '10', center: 'abc', modality: 'CT' })).toMatch(/Level/);
    expect(validateUserPreset({ name: 'x', width: '10', center: '', modality: 'CT' })).toMatch(/Level/);
    expect(validateUserPreset({ name: ' Pancreas ', width: '350', center: '-60', modality: 'ct' })).toEqual({
      name: 'Pancreas',
      width: 350,
      center: -60,
      modality: 'CT',
    });
  });
});

describe('offeredPresets', () => {
  const user = [
    { name: 'Mine', width: 10, center: 1, modality: 'CT' },
    { name: 'MR only', width: 10, center: 1, modality: 'MR' },
    { name: 'Any', width: 20, center: 2, modality: '*' },
  ];
  it('orders header, table, user, full range when nothing narrows the table', () => {
    const offered = offeredPresets({ modality: 'CT', user, header: [{ name: 'Wide', width: 3000, center: 500 }], range: { min: -1024, max: 3071 } });
    const n = tablePresetsFor('CT').length;
    expect(offered[0]).toMatchObject({ name: 'Wide', origin: 'header', key: 1 });
    expect(offered.slice(1, n + 1).every((p) => p.origin === 'table')).toBe(true);
    expect(offered.slice(n + 1).map((p) => [p.name, p.origin])).toEqual([
      ['Mine', 'user'],
      ['Any', 'user'],
      ['Full range', 'range'],
    ]);
    expect(offered.at(-1)).toMatchObject({ width: 4095, center: 1023.5 });
    expect(offered.filter((p) => p.key !== undefined).map((p) => p.key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('keys the relevant presets only, in the given order, and lists the others last without a key', () => {
    const offered = offeredPresets({
      modality: 'CT',
      user: [],
      header: [
        { name: 'MEDIASTINUM', width: 400, center: 40 },
        { name: 'LUNG', width: 1500, center: -600 },
      ],
      range: { min: -1024, max: 3071 },
      relevant: ['Lung', 'Mediastinum', 'Soft tissue', 'Bone'],
    });
    // Lung and Soft tissue are the header's windows already (same W and L): not offered twice.
    expect(offered.filter((p) => p.key).map((p) => `${p.key} ${p.name}`)).toEqual(['1 MEDIASTINUM', '2 LUNG', '3 Mediastinum', '4 Bone', '5 Full range']);
    expect(offered.filter((p) => p.origin === 'other').map((p) => p.name)).toEqual(['Brain', 'Subdural', 'Stroke', 'Abdomen', 'Liver', 'Temporal bone']);
    expect(offered.filter((p) => p.origin === 'other').every((p) => p.key === undefined)).toBe(true);
    expect(presetForKey(offered, 2)).toMatchObject({ width: 1500, center: -600 });
    expect(presetForKey(offered, 6)).toBeUndefined();
  });
  it('offers the header and range alone for modalities without a table', () => {
    expect(offeredPresets({ modality: 'DX', user: [], header: [], range: { min: 0, max: 4095 } }).map((p) => p.name)).toEqual(['Full range']);
  });
  it('never offers a zero width', () => expect(fullRangeWindow(5, 5).width).toBe(1));
});
