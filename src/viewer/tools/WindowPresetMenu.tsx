import { useState } from 'react';
import type { OfferedPreset, PresetOrigin } from '../../imaging/window-presets.ts';
import { useUserPresets } from './user-presets.ts';
import { activeViewportId, applyWindow, presetsForViewport } from '../viewport/viewport-actions.ts';
import { useViewerStore } from '../viewer-store.ts';

const GROUPS: ReadonlyArray<[PresetOrigin, string]> = [
  ['table', 'Built-in'],
  ['user', 'Your presets'],
  ['header', 'From the image header'],
  ['range', 'Image'],
];

const label = (p: OfferedPreset, i: number) => `${i < 9 ? `${i + 1}  ` : ''}${p.name} (W ${p.width} L ${p.center})`;

/** The window presets of the active viewport's image; choosing one applies it (keys 1–9 do the same). */
export function WindowPresetMenu() {
  const user = useUserPresets((s) => s.presets);
  const activeId = useViewerStore((s) => s.activeViewportId);
  const [offered, setOffered] = useState<OfferedPreset[]>([]);
  const refresh = () => setOffered(presetsForViewport(activeId ?? activeViewportId(), user));
  return (
    <select
      aria-label="Window preset"
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
                {label(p, i)}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
