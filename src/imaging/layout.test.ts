import { describe, expect, it } from 'vitest';
import { initialHanging, isLayoutId, layoutGrid, layoutLabel, viewportCell, viewportCount } from './layout.ts';

describe('layout geometry', () => {
  it('names rows × columns', () => {
    expect(layoutGrid('1x2')).toEqual({ rows: 1, columns: 2 });
    expect(layoutGrid('2x1')).toEqual({ rows: 2, columns: 1 });
    expect(viewportCount('2x2')).toBe(4);
    expect(viewportCount('1x1')).toBe(1);
    expect(layoutLabel('1x2')).toBe('1×2');
  });
  it('fills cells row by row', () => {
    expect([0, 1, 2, 3].map((i) => viewportCell('2x2', i))).toEqual([
      { row: 1, column: 1 },
      { row: 1, column: 2 },
      { row: 2, column: 1 },
      { row: 2, column: 2 },
    ]);
    expect(viewportCell('2x1', 1)).toEqual({ row: 2, column: 1 });
    expect(viewportCell('1x2', 1)).toEqual({ row: 1, column: 2 });
  });
  it('recognises layout ids', () => {
    expect(isLayoutId('2x2')).toBe(true);
    expect(isLayoutId('3x3')).toBe(false);
  });
});

describe('initialHanging', () => {
  it('puts the first series in viewport 1 and the following ones after it', () => {
    expect(initialHanging(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
    expect(initialHanging(['a'], 4)).toEqual(['a', undefined, undefined, undefined]);
  });
  it('hangs preferred series first and ignores unknown ones', () => {
    expect(initialHanging(['a', 'b', 'c'], 3, ['c', 'zz'])).toEqual(['c', 'a', 'b']);
  });
});
