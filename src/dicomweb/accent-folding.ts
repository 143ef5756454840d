/**
 * Accent-insensitive person-name matching, done here because the archive cannot do it.
 *
 * Orthanc 1.10 does not fold accents ("muller" does not find "Müller"), and no part of a typed name
 * can be sent to it without possibly losing a match: every Latin letter but q has precomposed accented
 * forms (Ä Ḃ Ç Ḋ … Ẑ), and a letter may also be stored as base letter + combining mark, which a
 * prefix stops matching after the base. So when a name is searched accent-insensitively the archive
 * is asked without a name, and every row it returns is matched here against the folded pattern.
 *
 * Folding: compatibility decomposition (NFKD: accents split off, ligatures like "ﬁ" and full-width
 * letters become ASCII), combining marks removed, lower case, and the letters that do not decompose
 * mapped to their usual ASCII spelling: ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ/ð→d, þ→th, ı→i, ħ→h, ŧ→t.
 * Transliterations are not folded: "mueller" does not find "Müller" (it finds "Mueller").
 */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
};
const SPECIAL = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}+/gu;

/** The text as compared: no accents, lower case, special letters spelled out. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(SPECIAL, (c) => SPECIAL_LETTERS[c] ?? c)
    .toLowerCase();
}

/**
 * A matcher for a DICOM PN match value (as study-query.ts builds it: `*` any run, `?` one character,
 * `^` between components, case-insensitive) that ignores accents on both sides: the pattern
 * "muller*" matches "Müller^Jürgen", and "Müller*" matches "Muller^Hans". The whole stored value must
 * match, as in the archive (hence the trailing `*` of a prefix search).
 */
export function accentInsensitiveMatcher(pattern: string): (value: string) => boolean {
  const source = [...foldAccents(pattern)].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  const regex = new RegExp(`^${source}$`, 'su');
  return (value) => regex.test(foldAccents(value));
}
