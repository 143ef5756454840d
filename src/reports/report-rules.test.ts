import { describe, expect, it } from 'vitest';
import type { DraftContent } from './report-contract.ts';
import { decideAddendum, decideDraftSave, decideSign, missingSections, nextVersion, sameContent, signedSections } from './report-rules.ts';

const content = (findings: string, impression = ''): DraftContent => ({
  templateId: 'ct-chest',
  sections: [
    { title: 'Findings', text: findings },
    { title: 'Impression', text: impression },
  ],
  comparison: null,
  references: [],
});

describe('a draft save', () => {
  it('creates the first draft', () => {
    expect(decideDraftSave(undefined, 0, content('a'))).toEqual({ action: 'create' });
  });

  it('writes the next revision when based on the saved one', () => {
    expect(decideDraftSave({ revision: 3, content: content('a') }, 3, content('ab'))).toEqual({ action: 'update', revision: 4 });
  });

  it('is refused when based on an older revision, with the newer draft to show', () => {
    const current = { revision: 4, content: content('newer text') };
    expect(decideDraftSave(current, 3, content('older tab'))).toEqual({ action: 'conflict', current });
  });

  it('is done already when the same content is saved (a retried request), whatever revision it names', () => {
    expect(decideDraftSave({ revision: 4, content: content('same') }, 3, content('same'))).toEqual({ action: 'unchanged', revision: 4 });
  });

  it('compares every part of the content', () => {
    expect(sameContent(content('a'), content('a'))).toBe(true);
    expect(sameContent(content('a'), content('a', 'b'))).toBe(false);
    expect(sameContent(content('a'), { ...content('a'), comparison: { studyInstanceUid: '1.2', date: '20240101', description: 'CT' } })).toBe(false);
    expect(sameContent(content('a'), { ...content('a'), templateId: 'general' })).toBe(false);
  });
});

describe('signing', () => {
  const v = (version: number, status: 'preliminary' | 'final' | 'addendum') => ({ id: `r${version}`, version, status });

  it('allows preliminary and final while there is no final report, at the next version', () => {
    expect(decideSign([], content('f', 'i').sections)).toEqual({ allowed: true, version: 1 });
    expect(decideSign([v(1, 'preliminary'), v(2, 'preliminary')], content('f', 'i').sections)).toEqual({ allowed: true, version: 3 });
  });

  it('refuses anything once a final report exists: only an addendum amends it', () => {
    const refused = decideSign([v(1, 'preliminary'), v(2, 'final')], content('f', 'i').sections);
    expect(refused).toMatchObject({ allowed: false, status: 409, message: expect.stringMatching(/addendum/) });
  });

  it('needs an impression', () => {
    expect(decideSign([], content('f', '  ').sections)).toMatchObject({ allowed: false, status: 400 });
    expect(missingSections([{ title: 'Findings', text: 'x' }])).toMatch(/Impression/);
  });

  it('amends only a final report, naming it', () => {
    expect(decideAddendum([v(1, 'preliminary')])).toMatchObject({ allowed: false });
    expect(decideAddendum([v(1, 'preliminary'), v(2, 'final'), v(3, 'addendum')])).toEqual({ allowed: true, version: 4, amends: 'r2' });
    expect(nextVersion([])).toBe(1);
  });

  it('signs the sections in order, Findings before Impression, without empty optional ones', () => {
    expect(
      signedSections([
        { title: 'Clinical information', text: '  ' },
        { title: 'Impression', text: ' Normal. ' },
        { title: 'Technique', text: 'Axial CT.' },
        { title: 'Findings', text: 'Clear lungs.\n' },
      ]),
    ).toEqual([
      { title: 'Findings', text: 'Clear lungs.' },
      { title: 'Technique', text: 'Axial CT.' },
      { title: 'Impression', text: 'Normal.' },
    ]);
  });
});
