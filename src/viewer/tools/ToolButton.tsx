import { displayChord } from './keyboard/keymap.ts';
import { ToolbarIcon, type IconName } from './toolbar-icons.tsx';

/**
 * An icon button of the reading toolbar: its label is its accessible name, its tooltip (title, also its
 * accessible description, and shown on keyboard focus) names the key. `pressed` makes it a toggle.
 */
export function ToolButton({
  label,
  icon,
  shortcut,
  pressed,
  disabled,
  onClick,
}: {
  label: string;
  icon: IconName;
  /** A chord in KEYMAP's notation (`l`, `Ctrl+s`). */
  shortcut?: string | undefined;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
}) {
  const tip = shortcut ? `${label} (${displayChord(shortcut)})` : label;
  return (
    <button
      type="button"
      className="tool-button"
      aria-label={label}
      title={tip}
      data-tip={tip}
      aria-pressed={pressed}
      aria-keyshortcuts={shortcut?.replace('Ctrl', 'Control')}
      disabled={disabled}
      onClick={onClick}
    >
      <ToolbarIcon name={icon} />
    </button>
  );
}
