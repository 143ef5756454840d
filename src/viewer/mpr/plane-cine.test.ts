import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MprOrientation } from '../viewport/engine.ts';
import { PlaneCine } from './plane-cine.ts';

describe('PlaneCine', () => {
  let steps: MprOrientation[];
  let changes: (MprOrientation | undefined)[];
  let cine: PlaneCine;
  beforeEach(() => {
    vi.useFakeTimers();
    steps = [];
    changes = [];
    cine = new PlaneCine(
      (plane) => steps.push(plane),
      (plane) => changes.push(plane),
    );
  });
  afterEach(() => {
    cine.stop();
    vi.useRealTimers();
  });

  it('steps the plane it plays once per frame at the frame rate', () => {
    cine.play('coronal', 20);
    expect(cine.plane).toBe('coronal');
    vi.advanceTimersByTime(1000);
    expect(steps).toHaveLength(20);
    expect(new Set(steps)).toEqual(new Set(['coronal']));
  });

  it('stops stepping when stopped, and says so once', () => {
    cine.play('axial', 10);
    vi.advanceTimersByTime(350);
    cine.stop();
    cine.stop();
    vi.advanceTimersByTime(1000);
    expect(steps).toHaveLength(3);
    expect(cine.plane).toBeUndefined();
    expect(changes).toEqual(['axial', undefined]);
  });

  it('toggles: plays the plane given, then stops whichever plane plays', () => {
    cine.toggle('sagittal', 25);
    vi.advanceTimersByTime(200);
    cine.toggle('axial', 25);
    vi.advanceTimersByTime(1000);
    expect(steps).toEqual(['sagittal', 'sagittal', 'sagittal', 'sagittal', 'sagittal']);
    expect(changes).toEqual(['sagittal', undefined]);
  });

  it('keeps the frame rate within the viewer’s bounds; playing again replaces the running cine', () => {
    cine.play('axial', 500);
    vi.advanceTimersByTime(1000);
    // 60 fps at most (timers run at whole milliseconds: every 16 ms), not 500.
    expect(steps.length).toBeGreaterThanOrEqual(60);
    expect(steps.length).toBeLessThanOrEqual(63);
    const before = steps.length;
    cine.play('coronal', 5);
    vi.advanceTimersByTime(1000);
    expect(steps.slice(before)).toEqual(['coronal', 'coronal', 'coronal', 'coronal', 'coronal']);
  });
});
