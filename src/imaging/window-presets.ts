import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { readHeaderWindows } from './image-descriptor.ts';

/** A window in modality units (HU for CT). */
export interface WindowPreset {
  name: string;
  width: number;
  center: number;
}

export interface SourcedPreset extends WindowPreset {
  /** Where the values come from. */
  source: string;
}

/** 'table': built-in and relevant to the image's body part; 'other': built-in for other body parts (no key). */
export type PresetOrigin = 'header' | 'table' | 'user' | 'range' | 'other';

/** A preset offered for one image, with where it came from (for the menu's groups). */
export interface OfferedPreset extends WindowPreset {
  origin: PresetOrigin;
  /** Header windows: the Window Center & Width Explanation; table presets: the source. */
  note?: string;
  /** The digit key (1–9) that applies it, if any. */
  key?: number;
}

const OHIF = 'OHIF Viewer default CT presets (platform/core, windowLevelPresets)';
const RADIOPAEDIA = 'Radiopaedia, "Windowing (CT)" (radiopaedia.org/articles/windowing-ct)';

/**
 * The per-modality preset table: the one place to change the built-in windows. Which of them suit a body
 * part, and in which key order, is in body-part-presets.ts (REGION_PRESETS).
 */
export const WINDOW_PRESETS: Readonly<Record<string, readonly SourcedPreset[]>> = {
  CT: [
    { name: 'Brain', width: 80, center: 40, source: `${OHIF}; ${RADIOPAEDIA}` },
    { name: 'Subdural', width: 200, center: 75, source: `${RADIOPAEDIA}: W 130–300, L 50–100` },
    { name: 'Stroke', width: 40, center: 40, source: `${RADIOPAEDIA}: W 8 L 32 or W 40 L 40` },
    { name: 'Lung', width: 1500, center: -600, source: `${OHIF}; ${RADIOPAEDIA}` },
    { name: 'Mediastinum', width: 350, center: 50, source: RADIOPAEDIA },
    { name: 'Soft tissue', width: 400, center: 40, source: OHIF },
    { name: 'Abdomen', width: 400, center: 50, source: `${RADIOPAEDIA} (abdomen soft tissues)` },
    { name: 'Liver', width: 150, center: 90, source: OHIF },
    { name: 'Bone', width: 2500, center: 480, source: OHIF },
    { name: 'Temporal bone', width: 2800, center: 600, source: RADIOPAEDIA },
  ],
};

export function tablePresetsFor(modality: string | undefined): readonly SourcedPreset[] {
  return (modality && WINDOW_PRESETS[modality.toUpperCase()]) || [];
}

/** Every Window Center/Width pair stored in the image header (positive widths), named by its explanation when present. */
export function headerWindows(ds: DicomJsonDataset | undefined): WindowPreset[] {
  if (!ds) return [];
  return readHeaderWindows(ds).flatMap((window, i) =>
    window.width > 0 ? [{ name: window.explanation ?? `Header ${i + 1}`, width: window.width, center: window.center }] : [],
  );
}

/** The window covering the image's whole range of modality values. */
export function fullRangeWindow(min: number, max: number): WindowPreset {
  return { name: 'Full range', width: Math.max(1, max - min), center: (max + min) / 2 };
}

export interface UserPreset extends WindowPreset {
  /** The modality it applies to (upper case), or '*' for every modality. */
  modality: string;
}

/** Parses stored user presets, dropping anything malformed (storage is user-editable). */
export function parseUserPresets(json: string | null | undefined): UserPreset[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p: unknown) => {
    if (!p || typeof p !== 'object') return [];
    const { name, width, center, modality } = p as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim() || typeof modality !== 'string') return [];
    if (typeof width !== 'number' || typeof center !== 'number' || !Number.isFinite(center) || !(width > 0)) return [];
    return [{ name: name.trim().slice(0, 60), width, center, modality: modality.toUpperCase() }];
  });
}

/** Validates a user preset typed into the form; returns an error message or the preset. */
export function validateUserPreset(input: { name: string; width: string; center: string; modality: string }): UserPreset | string {
  const name = input.name.trim();
  if (!name) return 'Give the preset a name.';
  const width = Number(input.width);
  const center = Number(input.center);
  if (input.width.trim() === '' || !Number.isFinite(width) || width <= 0) return 'Width must be a number above 0.';
  if (input.center.trim() === '' || !Number.isFinite(center)) return 'Level must be a number.';
  return { name: name.slice(0, 60), width, center, modality: input.modality.trim().toUpperCase() || '*' };
}

const sameWindow = (a: WindowPreset, b: WindowPreset) => a.width === b.width && a.center === b.center;

/**
 * The presets offered for an image, in key order: every window in the header (first: the modality
 * chose them for this image), the built-in presets relevant to its body part (`relevant`, names in order;
 * undefined: the modality's whole table) without those the header already has, the user's own for the
 * modality, the image's full range; keys 1–9 go to the first nine of these. Built-in presets for other
 * body parts follow, without a key.
 */
export function offeredPresets(args: {
  modality: string | undefined;
  user: readonly UserPreset[];
  header: readonly WindowPreset[];
  range: { min: number; max: number } | undefined;
  relevant?: readonly string[];
}): OfferedPreset[] {
  const modality = args.modality?.toUpperCase() ?? '';
  const table = tablePresetsFor(modality).filter((p) => !args.header.some((h) => sameWindow(h, p)));
  const relevant = args.relevant ? args.relevant.flatMap((name) => table.filter((p) => p.name === name)) : table;
  const other = table.filter((p) => !relevant.includes(p));
  const keyed: OfferedPreset[] = [
    ...args.header.map((p) => ({ ...p, origin: 'header' as const, note: 'Stored in the image header' })),
    ...relevant.map(({ name, width, center, source }) => ({ name, width, center, origin: 'table' as const, note: source })),
    ...args.user
      .filter((p) => p.modality === '*' || p.modality === modality)
      .map(({ name, width, center }) => ({ name, width, center, origin: 'user' as const })),
    ...(args.range ? [{ ...fullRangeWindow(args.range.min, args.range.max), origin: 'range' as const, note: 'Lowest to highest value in this image' }] : []),
  ];
  return [
    ...keyed.map((p, i) => (i < 9 ? { ...p, key: i + 1 } : p)),
    ...other.map(({ name, width, center, source }) => ({ name, width, center, origin: 'other' as const, note: source })),
  ];
}

/** The preset a digit key (1–9) applies, if any. */
export function presetForKey(offered: readonly OfferedPreset[], key: number): OfferedPreset | undefined {
  return offered.find((p) => p.key === key);
}
