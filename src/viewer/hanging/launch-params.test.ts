import { describe, expect, it } from 'vitest';
import { parseHangingProtocol, parseMprLaunch, parsePriorCount, parseSeriesInstanceUIDs, parseStudyInstanceUIDs } from './launch-params.ts';

describe('parseStudyInstanceUIDs', () => {
  it('accepts OHIF-style comma lists and repeated parameters', () => {
    expect(parseStudyInstanceUIDs(new URLSearchParams('StudyInstanceUIDs=1.2.3,1.2.4&StudyInstanceUIDs=1.2.5&StudyInstanceUIDs=1.2.3'))).toEqual([
      '1.2.3',
      '1.2.4',
      '1.2.5',
    ]);
  });
  it('ignores values that are not UIDs', () => {
    expect(parseStudyInstanceUIDs(new URLSearchParams('StudyInstanceUIDs=<script>,1.2'))).toEqual(['1.2']);
    expect(parseStudyInstanceUIDs(new URLSearchParams(''))).toEqual([]);
  });
});

describe('parseSeriesInstanceUIDs', () => {
  it('reads the series to show first, independent of the studies', () => {
    const params = new URLSearchParams('StudyInstanceUIDs=1.2&SeriesInstanceUIDs=1.2.3.4&SeriesInstanceUIDs=1.2.3.5,bad uid');
    expect(parseSeriesInstanceUIDs(params)).toEqual(['1.2.3.4', '1.2.3.5']);
    expect(parseSeriesInstanceUIDs(new URLSearchParams('StudyInstanceUIDs=1.2'))).toEqual([]);
  });
});

describe('parsePriorCount', () => {
  it('hangs 1 prior unless asked for up to 3', () => {
    expect(parsePriorCount(new URLSearchParams(''))).toBe(1);
    expect(parsePriorCount(new URLSearchParams('priors=2'))).toBe(2);
    expect(parsePriorCount(new URLSearchParams('priors=9'))).toBe(3);
    expect(parsePriorCount(new URLSearchParams('priors=0'))).toBe(1);
    expect(parsePriorCount(new URLSearchParams('priors=x'))).toBe(1);
  });
});

describe('parseHangingProtocol', () => {
  it('reads compare or single, anything else is the default', () => {
    expect(parseHangingProtocol(new URLSearchParams('hangingProtocol=compare'))).toBe('compare');
    expect(parseHangingProtocol(new URLSearchParams('hangingProtocol=Single'))).toBe('single');
    expect(parseHangingProtocol(new URLSearchParams('hangingProtocol=mpr'))).toBeUndefined();
    expect(parseHangingProtocol(new URLSearchParams(''))).toBeUndefined();
  });
});

describe('parseMprLaunch', () => {
  it('opens MPR for mpr=1, true or on, and not otherwise', () => {
    expect(parseMprLaunch(new URLSearchParams('StudyInstanceUIDs=1.2&mpr=1'))).toBe(true);
    expect(parseMprLaunch(new URLSearchParams('mpr=True'))).toBe(true);
    expect(parseMprLaunch(new URLSearchParams('mpr=on'))).toBe(true);
    expect(parseMprLaunch(new URLSearchParams('mpr=0'))).toBe(false);
    expect(parseMprLaunch(new URLSearchParams('mpr='))).toBe(false);
    expect(parseMprLaunch(new URLSearchParams('StudyInstanceUIDs=1.2'))).toBe(false);
  });
});
