import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INCLUDED_FILES, SKIPPED_FILES, pydicomTestFilesDir } from './pydicom-files.ts';

describe('pydicom test files', () => {
  it('classifies every .dcm file of the installed package as included or skipped (with a reason)', () => {
    const present = readdirSync(pydicomTestFilesDir()).filter((f) => f.endsWith('.dcm'));
    const unclassified = present.filter((f) => !(f in INCLUDED_FILES) && !(f in SKIPPED_FILES));
    expect(unclassified).toEqual([]);
    expect(Object.keys(INCLUDED_FILES).filter((f) => f in SKIPPED_FILES)).toEqual([]);
    expect(Object.keys(INCLUDED_FILES).filter((f) => !present.includes(f))).toEqual([]);
    expect(Object.values(SKIPPED_FILES).every((reason) => reason.length > 10)).toBe(true);
  });
});
