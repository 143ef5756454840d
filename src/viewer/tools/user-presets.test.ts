import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../session/session.ts';

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const reader = (username: string): Session => ({ username, displayName: username, personName: username, roles: ['radiologist'] });
const preset = (name: string) => ({ name, width: 400, center: 40, modality: 'CT' });

describe('the reader’s own window presets', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    vi.resetModules();
    storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
  });

  it('are kept per reader: another reader of the same browser and a link’s recipient never get them', async () => {
    const session = await import('../../session/session-state.ts');
    session.setSession(reader('ana'));
    const { useUserPresets } = await import('./user-presets.ts');
    useUserPresets.getState().add(preset('Ana’s liver'));
    expect(useUserPresets.getState().presets.map((p) => p.name)).toEqual(['Ana’s liver']);

    session.setSession(reader('ben'));
    expect(useUserPresets.getState().presets).toEqual([]);

    // A share link's recipient has no session: what they save stays on the page, not in the browser.
    session.setSession(undefined);
    expect(useUserPresets.getState().presets).toEqual([]);
    useUserPresets.getState().add(preset('Recipient’s'));
    expect([...storage.items.values()].join()).not.toContain('Recipient’s');

    session.setSession(reader('ana'));
    expect(useUserPresets.getState().presets.map((p) => p.name)).toEqual(['Ana’s liver']);
  });

  it('saved before they were per reader, go to the first reader who signs in', async () => {
    storage.setItem('readroom.userWindowPresets.v1', JSON.stringify([preset('Old')]));
    const session = await import('../../session/session-state.ts');
    session.setSession(reader('ana'));
    const { useUserPresets, userPresetsKey } = await import('./user-presets.ts');
    expect(useUserPresets.getState().presets.map((p) => p.name)).toEqual(['Old']);
    expect(storage.getItem('readroom.userWindowPresets.v1')).toBeNull();
    expect(storage.getItem(userPresetsKey('ana'))).toContain('Old');
  });
});
