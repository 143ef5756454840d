import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseTemplate, expandMacroAt, macrosOf, parseTemplates, type ReportTemplate } from './report-templates.ts';

const DIR = path.join(import.meta.dirname, '../../config/report-templates');
const shipped = parseTemplates(Object.fromEntries(readdirSync(DIR).map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as unknown])));

describe('the shipped templates', () => {
  it('parse, and each has Findings and Impression', () => {
    expect(shipped.map((t) => t.id).sort()).toEqual(['ct-chest', 'ct-head', 'general', 'mr-brain', 'us-abdomen', 'xr-chest']);
  });

  it.each([
    [['CT'], 'CT Chest with contrast', 'ct-chest'],
    [['CT'], 'CT THORAX', 'ct-chest'],
    [['CT'], 'CT head without contrast', 'ct-head'],
    [['MR'], 'MRI Brain', 'mr-brain'],
    [['CR'], 'Chest PA', 'xr-chest'],
    [['DX'], 'Thorax ap', 'xr-chest'],
    [['US'], 'US abdomen', 'us-abdomen'],
    [['CT'], 'CT knee', 'general'],
    [['MR'], 'MR chest', 'general'],
  ] as const)('%j "%s" → %s', (modalities, description, id) => {
    expect(chooseTemplate(shipped, { modalities, description }).id).toBe(id);
  });

  it('uses the body part too', () => {
    expect(chooseTemplate(shipped, { modalities: ['CT'], description: 'Routine', bodyParts: ['HEAD'] }).id).toBe('ct-head');
  });
});

describe('templates from files', () => {
  const base: ReportTemplate = {
    id: 'general',
    title: 'General',
    match: { modalities: [], keywords: [] },
    sections: [
      { title: 'Findings', text: '' },
      { title: 'Impression', text: '' },
    ],
    macros: { '.nad': 'No acute abnormality.', '.x': 'general x' },
  };

  it('names the file of a template that is wrong', () => {
    expect(() => parseTemplates({ 'general.json': base, 'bad.json': { ...base, id: 'bad', sections: [{ title: 'Findings', text: '' }] } })).toThrow(
      /bad\.json/,
    );
    expect(() => parseTemplates({ 'a.json': { ...base, id: 'a' } })).toThrow(/general/);
    expect(() => parseTemplates({ 'general.json': base, 'b.json': { ...base, macros: { nad: 'x' } } })).toThrow(/macros\.nad/);
  });

  it("adds the general macros to a template's own, its own winning", () => {
    const own = { ...base, id: 'ct', macros: { '.x': 'own x' } };
    expect(macrosOf([base, own], 'ct')).toEqual({ '.nad': 'No acute abnormality.', '.x': 'own x' });
  });
});

describe('macro expansion', () => {
  const macros = { '.nad': 'No acute abnormality.', '.fu': 'Follow-up recommended.' };

  it('expands a macro when a space or a new line follows it', () => {
    expect(expandMacroAt('Lungs clear. .nad ', 18, macros)).toEqual({ text: 'Lungs clear. No acute abnormality. ', caret: 35 });
    expect(expandMacroAt('.fu\nmore', 4, macros)).toEqual({ text: 'Follow-up recommended.\nmore', caret: 23 });
  });

  it('leaves unknown names, names inside words and text without a trailing space alone', () => {
    expect(expandMacroAt('.xyz ', 5, macros)).toBeUndefined();
    expect(expandMacroAt('file.nad ', 9, macros)).toBeUndefined();
    expect(expandMacroAt('.nad', 4, macros)).toBeUndefined();
    expect(expandMacroAt('.constructor ', 13, macros)).toBeUndefined();
  });
});
