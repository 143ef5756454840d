import { ToolButton } from '../tools/ToolButton.tsx';
import { useLocalizerLines } from './localizer-lines-store.ts';

/** "Localizer lines": draws (or hides) where each viewport's slice crosses the scouts and other planes on screen. */
export function LocalizerLinesToggle() {
  const enabled = useLocalizerLines((s) => s.enabled);
  const toggle = useLocalizerLines((s) => s.toggle);
  return <ToolButton label="Localizer lines" icon="localizerLines" pressed={enabled} onClick={toggle} />;
}
