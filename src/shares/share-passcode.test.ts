import { describe, expect, it } from 'vitest';
import { generatePasscode } from './share-passcode.ts';

describe('generated passcodes', () => {
  it('have 8 characters without look-alikes, and differ each time', () => {
    const passcode = generatePasscode();
    expect(passcode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(generatePasscode()).not.toBe(passcode);
  });

  it('map every byte to a symbol without bias', () => {
    expect(generatePasscode(4, () => new Uint8Array([0, 31, 32, 255]))).toBe('A9A9');
  });
});
