import { useState } from 'react';
import type { OfferedPreset, PresetOrigin } from '../../imaging/window-presets.ts';
import { useUserPresets } from './user-presets.ts';
import { activeViewportId, applyWindow, presetsForViewport } from '../viewport/viewport-actions.ts';
import { useViewerStore } from '../viewer-store.ts';

const GROUPS: ReadonlyArray<[PresetOrigin, string]> = [
  ['header', 'From the image header'],
  ['table', 'Built-in for this image'],
  ['user', 'Your presets'],
  ['range', 'Image'],
  ['other', 'Other built-in (no key)'],
];

/** An option's text: the key that applies it first, so the menu teaches the keys. */
const label = (p: OfferedPreset) => `${p.key !== undefined ? `${p.key}: ` : ''}${p.name} (W ${p.width} L ${p.center})`;

/** The window presets of the active viewport's image, in key order; choosing one applies it (keys 1–9 do the same). */
export function WindowPresetMenu() {
  const user = useUserPresets((s) => s.presets);
  const activeId = useViewerStore((s) => s.activeViewportId);
  const [offered, setOffered] = useState<OfferedPreset[]>([]);
  const refresh = () => setOffered(presetsForViewport(activeId ?? activeViewportId(), user).presets);
  return (
    <select
      className="window-preset-menu"
      aria-label="Window preset"
      title="Window presets (keys 1–9)"
      value=""
      onFocus={refresh}
      onPointerDown={refresh}
      onChange={(e) => {
        const preset = offered[Number(e.target.value)];
        if (preset) applyWindow(activeViewportId(), preset.width, preset.center);
      }}
    >
      <option value="" disabled>
        Window presets…
      </option>
      {GROUPS.map(([origin, title]) => {
        const items = offered.map((p, i) => [p, i] as const).filter(([p]) => p.origin === origin);
        if (items.length === 0) return null;
        return (
          <optgroup key={origin} label={title}>
            {items.map(([p, i]) => (
              <option key={i} value={i} title={p.note}>
                {label(p)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
