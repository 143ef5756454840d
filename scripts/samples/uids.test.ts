import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { deterministicUid, isValidUid, sampleUids } from './uids.ts';

describe('deterministicUid', () => {
  it('is the 2.25 form of the first 120 bits of SHA-256 of the key', () => {
    const hex = createHash('sha256').update('readroom/study/x').digest('hex');
    expect(deterministicUid('readroom/study/x')).toBe(`2.25.${BigInt(`0x${hex.slice(0, 30)}`).toString()}`);
  });

  it('gives the same UID for the same key and different UIDs for different keys', () => {
    expect(deterministicUid('a')).toBe(deterministicUid('a'));
    const uids = new Set(Array.from({ length: 2000 }, (_, i) => deterministicUid(`key-${i}`)));
    expect(uids.size).toBe(2000);
  });

  it('produces valid UIDs for every sample study, series and instance', () => {
    const uids = CATALOGUE.flatMap((study) => [
      sampleUids.study(study.key),
      sampleUids.frameOfReference(study.key),
      ...study.series.flatMap((series) => [
        sampleUids.series(study.key, series.key),
        sampleUids.instance(study.key, series.key, 0),
        sampleUids.instance(study.key, series.key, 219),
      ]),
    ]);
    for (const uid of uids) {
      expect(uid.length).toBeLessThanOrEqual(64);
      expect(uid).toMatch(/^[0-9.]+$/);
      expect(uid.split('.').every((c) => c === '0' || !c.startsWith('0'))).toBe(true);
      expect(isValidUid(uid)).toBe(true);
    }
    expect(new Set(uids).size).toBe(uids.length);
  });
});

describe('isValidUid', () => {
  it.each(['1.2.840.10008.1.2.1', '2.25.0', '0.1'])('accepts %s', (uid) => expect(isValidUid(uid)).toBe(true));
  it.each(['1.02.3', '1..2', '.1', '1.', 'a.1', '1.2 ', `1.${'1'.repeat(63)}`])('rejects "%s"', (uid) => expect(isValidUid(uid)).toBe(false));
});
