import { describe, expect, it } from 'vitest';
import { dicomParserKey, Tag } from './tags.ts';

describe('Tag', () => {
  it('writes each tag as the 8 upper-case hex digits of a DICOM JSON key, once', () => {
    const keys = Object.values(Tag);
    for (const key of keys) expect(key).toMatch(/^[0-9A-F]{8}$/);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives dicom-parser's key of a tag", () => {
    expect(dicomParserKey(Tag.Rows)).toBe('x00280010');
    expect(dicomParserKey(Tag.StudyInstanceUID)).toBe('x0020000d');
  });
});
