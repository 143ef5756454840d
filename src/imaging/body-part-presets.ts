import { getString, getStrings, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';
import { regionsOfText, type Region } from '../priors/regions.ts';
import { headerWindows, offeredPresets, type OfferedPreset, type UserPreset } from './window-presets.ts';

/** Anatomic Region Sequence (0008,2218) and the Code Meaning (0008,0104) / Code Value (0008,0100) of its items. */
const ANATOMIC_REGION_SEQUENCE = '00082218';
const CODE_MEANING = '00080104';
const CODE_VALUE = '00080100';

/** What an image says about the anatomy it shows, from its header. DICOM strings: untrusted, only matched. */
export interface ImageAnatomy {
  modality?: string;
  bodyPart?: string;
  anatomicRegions?: readonly string[];
  seriesDescription?: string;
  studyDescription?: string;
}

export function imageAnatomy(ds: DicomJsonDataset | undefined): ImageAnatomy {
  if (!ds) return {};
  const items = (ds[ANATOMIC_REGION_SEQUENCE]?.Value ?? []) as DicomJsonDataset[];
  const anatomicRegions = items.flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    const text = getString(item, CODE_MEANING) ?? getString(item, CODE_VALUE);
    return text ? [text] : [];
  });
  return {
    modality: getString(ds, Tag.Modality)?.trim().toUpperCase(),
    bodyPart: getStrings(ds, Tag.BodyPartExamined)[0],
    anatomicRegions,
    seriesDescription: getString(ds, Tag.SeriesDescription),
    studyDescription: getString(ds, Tag.StudyDescription),
  };
}

/** The regions the window presets are chosen for; each region of src/priors/regions.ts falls in one. */
export const PRESET_REGIONS = ['head', 'neck', 'chest', 'abdomen', 'pelvis', 'spine', 'extremity'] as const;
export type PresetRegion = (typeof PRESET_REGIONS)[number];

const PRESET_REGION_ORDER: readonly PresetRegion[] = PRESET_REGIONS;

function presetRegionOf(region: Region): PresetRegion {
  const part = region.split(':')[0]!;
  if (part.startsWith('spine')) return 'spine';
  if ((PRESET_REGION_ORDER as readonly string[]).includes(part)) return part as PresetRegion;
  return 'extremity';
}

/** The preset regions any of the texts names (Body Part Examined terms or description words), head to feet. */
export function presetRegionsOf(texts: readonly string[]): PresetRegion[] {
  const found = new Set<PresetRegion>();
  for (const text of texts) for (const r of regionsOfText(text)) found.add(presetRegionOf(r));
  return PRESET_REGION_ORDER.filter((r) => found.has(r));
}

export type AnatomySource = 'Body Part Examined' | 'Anatomic Region Sequence' | 'Series Description' | 'Study Description';

export interface PresetAnatomy {
  regions: PresetRegion[];
  /** The attribute the regions were read from (the first that names any), undefined when none does. */
  source?: AnatomySource;
}

/**
 * The body regions of an image, for its window presets: from Body Part Examined, else the Anatomic Region
 * Sequence, else the series description, else the study description: the first that names a region wins.
 */
export function presetAnatomy(anatomy: ImageAnatomy): PresetAnatomy {
  const sources: ReadonlyArray<readonly [AnatomySource, readonly string[]]> = [
    ['Body Part Examined', anatomy.bodyPart ? [anatomy.bodyPart] : []],
    ['Anatomic Region Sequence', anatomy.anatomicRegions ?? []],
    ['Series Description', anatomy.seriesDescription ? [anatomy.seriesDescription] : []],
    ['Study Description', anatomy.studyDescription ? [anatomy.studyDescription] : []],
  ];
  for (const [source, texts] of sources) {
    const regions = presetRegionsOf(texts);
    if (regions.length > 0) return { regions, source };
  }
  return { regions: [] };
}

/**
 * Which built-in presets (by name in WINDOW_PRESETS) suit each region, most used first. A region's list
 * decides the order of keys 1–9 after the image's own windows.
 */
export const REGION_PRESETS: Readonly<Record<string, Readonly<Record<PresetRegion, readonly string[]>>>> = {
  CT: {
    head: ['Brain', 'Subdural', 'Stroke', 'Bone', 'Temporal bone'],
    neck: ['Soft tissue', 'Bone', 'Lung'],
    chest: ['Lung', 'Mediastinum', 'Soft tissue', 'Bone'],
    abdomen: ['Abdomen', 'Liver', 'Soft tissue', 'Bone', 'Lung'],
    pelvis: ['Abdomen', 'Soft tissue', 'Bone'],
    spine: ['Bone', 'Soft tissue'],
    extremity: ['Bone', 'Soft tissue'],
  },
};

/**
 * Names of the built-in presets relevant to the regions, in key order (the regions' lists in head-to-feet
 * order, without repeats); undefined when nothing narrows the choice (no known region, or no region list
 * for the modality): then the whole table is relevant.
 */
export function relevantPresetNames(modality: string | undefined, regions: readonly PresetRegion[]): string[] | undefined {
  const byRegion = modality ? REGION_PRESETS[modality.toUpperCase()] : undefined;
  if (!byRegion || regions.length === 0) return undefined;
  return [...new Set(regions.flatMap((r) => byRegion[r]))];
}

export interface ImagePresets {
  presets: OfferedPreset[];
  anatomy: PresetAnatomy;
}

/** The presets of the image whose header is `ds`, in key order, and the anatomy they were chosen for. */
export function presetsForImage(ds: DicomJsonDataset | undefined, user: readonly UserPreset[], range: { min: number; max: number } | undefined): ImagePresets {
  const attrs = imageAnatomy(ds);
  const anatomy = presetAnatomy(attrs);
  const relevant = relevantPresetNames(attrs.modality, anatomy.regions);
  return { presets: offeredPresets({ modality: attrs.modality, user, header: headerWindows(ds), range, ...(relevant ? { relevant } : {}) }), anatomy };
}
