import { describe, expect, it } from 'vitest';
import { batchFiles, checkStowResponse } from './stow.ts';

const referenced = (n: number) => JSON.stringify({ '00081199': { vr: 'SQ', Value: Array.from({ length: n }, () => ({})) } });

describe('checkStowResponse', () => {
  it('accepts a response that references every instance sent', () => {
    expect(checkStowResponse(200, referenced(3), 3)).toBe(3);
  });

  it("rejects Orthanc's 200 with an empty result (a body it could not parse)", () => {
    expect(() => checkStowResponse(200, '{}', 2)).toThrow(/stored 0 of 2/);
    expect(() => checkStowResponse(200, '', 2)).toThrow(/stored 0 of 2/);
  });

  it('rejects partial storage and failed instances', () => {
    expect(() => checkStowResponse(200, referenced(1), 2)).toThrow(/stored 1 of 2/);
    const failed = JSON.stringify({ ...JSON.parse(referenced(2)), '00081198': { vr: 'SQ', Value: [{}] } });
    expect(() => checkStowResponse(200, failed, 2)).toThrow(/1 failed/);
    expect(() => checkStowResponse(409, referenced(2), 2)).toThrow(/HTTP 409/);
  });

  it('rejects a body that is not JSON', () => {
    expect(() => checkStowResponse(200, '<html>', 1)).toThrow(/not DICOM JSON/);
  });
});

describe('batchFiles', () => {
  const size = (f: string) => Number(f.split(':')[1]);

  it('splits by count and by byte budget, and sends an oversized file alone', () => {
    expect(batchFiles(['a:1', 'b:1', 'c:1'], 2, 100, size)).toEqual([['a:1', 'b:1'], ['c:1']]);
    expect(batchFiles(['a:60', 'b:60', 'c:30'], 10, 100, size)).toEqual([['a:60'], ['b:60', 'c:30']]);
    expect(batchFiles(['a:10', 'big:500', 'c:10'], 10, 100, size)).toEqual([['a:10'], ['big:500'], ['c:10']]);
    expect(batchFiles([], 10, 100, size)).toEqual([]);
  });
});
