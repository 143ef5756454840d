import { describe, expect, it } from 'vitest';
import { parseImagingArgs } from './imaging-args.ts';

describe('parseImagingArgs', () => {
  it('defaults to five runs of both studies and the three viewers on loopback and the 50/10 Mbit/s, 40 ms link', () => {
    const o = parseImagingArgs([]);
    expect(o.runs).toBe(5);
    expect(o.studies).toEqual(['ct', 'dx']);
    expect(o.viewers).toEqual(['readroom', 'shared', 'ohif']);
    expect(o.links).toEqual([{ name: 'loopback' }, { name: 'tele', emulation: { downMbit: 50, upMbit: 10, latencyMs: 40 } }]);
    expect(o.compressApp).toBe(true);
    expect(o.mpr).toBe(false);
  });

  it('takes the link, runs and selections from flags', () => {
    const o = parseImagingArgs([
      '--runs',
      '7',
      '--down',
      '20',
      '--up',
      '5',
      '--latency',
      '80',
      '--links',
      'tele',
      '--studies',
      'dx',
      '--viewers',
      'readroom',
      '--no-compress',
    ]);
    expect(o.runs).toBe(7);
    expect(o.links).toEqual([{ name: 'tele', emulation: { downMbit: 20, upMbit: 5, latencyMs: 80 } }]);
    expect(o.studies).toEqual(['dx']);
    expect(o.viewers).toEqual(['readroom']);
    expect(o.compressApp).toBe(false);
  });

  it('rejects unknown options and values with a message', () => {
    expect(() => parseImagingArgs(['--studies', 'mr'])).toThrow(/"mr" is not one of ct, dx/);
    expect(() => parseImagingArgs(['--runs'])).toThrow(/--runs needs a value/);
    expect(() => parseImagingArgs(['--fast'])).toThrow(/Unknown option --fast/);
  });

  it('--mpr times the CT chest as MPR, Readroom against OHIF unless told otherwise', () => {
    const o = parseImagingArgs(['--mpr', '--runs', '3', '--links', 'tele']);
    expect(o.mpr).toBe(true);
    expect(o.studies).toEqual(['ct']);
    expect(o.viewers).toEqual(['readroom', 'ohif']);
    expect(o.runs).toBe(3);
    expect(parseImagingArgs(['--viewers', 'readroom,shared,ohif', '--mpr']).viewers).toEqual(['readroom', 'shared', 'ohif']);
    expect(() => parseImagingArgs(['--studies', 'ct,dx', '--mpr'])).toThrow(/--mpr: only the CT chest/);
  });
});
