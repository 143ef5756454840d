import { describe, expect, it } from 'vitest';
import { oneFingerAction } from './touch-gestures.ts';

describe('oneFingerAction', () => {
  it('scrolls a stack and pans a single image by default', () => {
    expect(oneFingerAction({ touchMode: 'scroll', drawingToolChosen: false, imageCount: 240 })).toBe('scroll');
    expect(oneFingerAction({ touchMode: 'scroll', drawingToolChosen: false, imageCount: 1 })).toBe('pan');
  });

  it('windows in W/L touch mode, for stacks and single images alike', () => {
    expect(oneFingerAction({ touchMode: 'windowLevel', drawingToolChosen: false, imageCount: 240 })).toBe('windowLevel');
    expect(oneFingerAction({ touchMode: 'windowLevel', drawingToolChosen: false, imageCount: 1 })).toBe('windowLevel');
  });

  it('draws with a chosen drawing tool, whatever the touch mode', () => {
    expect(oneFingerAction({ touchMode: 'scroll', drawingToolChosen: true, imageCount: 240 })).toBe('chosenTool');
    expect(oneFingerAction({ touchMode: 'windowLevel', drawingToolChosen: true, imageCount: 1 })).toBe('chosenTool');
  });

  it('treats an empty viewport as a single image (nothing to scroll)', () => {
    expect(oneFingerAction({ touchMode: 'scroll', drawingToolChosen: false, imageCount: 0 })).toBe('pan');
  });
});
