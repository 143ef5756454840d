import { describe, expect, it } from 'vitest';
import { bindingFor, chordOf, displayChord, KEYMAP } from './keymap.ts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('the keymap', () => {
  it('binds every chord once', () => {
    const chords = KEYMAP.flatMap((b) => b.keys.map((k) => k.toLowerCase()));
    expect(new Set(chords).size).toBe(chords.length);
  });
  it('turns keyboard events into chords', () => {
    expect(chordOf(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+z');
    expect(chordOf(key('?', { shiftKey: true }))).toBe('?');
    expect(chordOf(key(' '))).toBe('Space');
    expect(chordOf(key('z', { metaKey: true }))).toBe('Ctrl+z');
  });
  it('finds the PACS bindings', () => {
    expect(bindingFor(key('i'))?.action).toBe('view.invert');
    expect(bindingFor(key('I', { shiftKey: true }))).toBeUndefined();
    expect(bindingFor(key('z', { ctrlKey: true }))?.action).toBe('history.undo');
    expect(bindingFor(key('y', { ctrlKey: true }))?.action).toBe('history.redo');
    expect(bindingFor(key('s', { ctrlKey: true }))?.action).toBe('annotations.save');
    expect(bindingFor(key('s', { metaKey: true }))?.action).toBe('annotations.save');
    expect(bindingFor(key('k'))?.action).toBe('keyImage.toggle');
    expect(bindingFor(key('3'))).toMatchObject({ action: 'preset.apply', arg: 2 });
    expect(bindingFor(key('Delete'))?.action).toBe('annotation.delete');
    expect(bindingFor(key('?', { shiftKey: true }))?.action).toBe('help.shortcuts');
    expect(bindingFor(key('['))?.action).toBe('mpr.rotateCounterClockwise');
    expect(bindingFor(key(']'))?.action).toBe('mpr.rotateClockwise');
  });
  it('shows chords to people', () => expect(displayChord('Ctrl+Shift+z')).toBe('Ctrl + Shift + Z'));
});
