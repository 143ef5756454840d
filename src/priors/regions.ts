/**
 * The one table that maps anatomy words to regions: Body Part Examined (PS3.16 CID 4031 defined terms),
 * Anatomic Region Sequence code meanings and study/series description terms (English and German, as
 * they appear in descriptions). Extremity regions carry the side ("knee:left") when the text names it.
 */
export type Region = string;

const BASE_TERMS: ReadonlyArray<readonly [readonly Region[], readonly string[]]> = [
  [
    ['head'],
    [
      'head',
      'brain',
      'skull',
      'cranium',
      'cranial',
      'cerebral',
      'neuro',
      'orbit',
      'orbits',
      'sinus',
      'sinuses',
      'face',
      'iac',
      'kopf',
      'schädel',
      'schaedel',
      'hirn',
      'gehirn',
      'cct',
    ],
  ],
  [['neck'], ['neck', 'thyroid', 'larynx', 'hals', 'soft tissue neck']],
  [['chest'], ['chest', 'thorax', 'thoracic', 'lung', 'lungs', 'pulmonary', 'lunge', 'mediastinum', 'heart', 'cardiac', 'rib', 'ribs', 'herz']],
  [['abdomen'], ['abdomen', 'abdominal', 'abd', 'liver', 'leber', 'pancreas', 'kidney', 'kidneys', 'renal', 'spleen', 'bauch', 'oberbauch']],
  [['pelvis'], ['pelvis', 'pelvic', 'becken', 'bladder', 'prostate', 'uterus']],
  [
    ['chest', 'abdomen', 'pelvis'],
    ['chestabdpelvis', 'chest abdomen pelvis', 'cap', 'thorax abdomen', 'thorax abdomen becken', 'tap'],
  ],
  [['chest', 'abdomen'], ['chestabdomen']],
  [
    ['abdomen', 'pelvis'],
    ['abdomenpelvis', 'abdomen pelvis', 'abd pelvis', 'abdomen becken'],
  ],
  [
    ['head', 'neck'],
    ['headneck', 'head neck', 'kopf hals'],
  ],
  [['spine-cervical'], ['cspine', 'c spine', 'cervical spine', 'hws', 'halswirbelsäule', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']],
  [
    ['spine-thoracic'],
    ['tspine', 't spine', 'thoracic spine', 'bws', 'brustwirbelsäule', 'th1', 'th2', 'th3', 'th4', 'th5', 'th6', 'th7', 'th8', 'th9', 'th10', 'th11', 'th12'],
  ],
  [['spine-lumbar'], ['lspine', 'l spine', 'lumbar', 'lumbar spine', 'lws', 'lendenwirbelsäule', 'l1', 'l2', 'l3', 'l4', 'l5']],
  [['spine-sacral'], ['sspine', 'sacrum', 'sacral', 'coccyx', 'kreuzbein']],
  [
    ['spine-cervical', 'spine-thoracic', 'spine-lumbar', 'spine-sacral'],
    ['spine', 'wholespine', 'whole spine', 'wirbelsäule'],
  ],
];

/** Extremity parts; each becomes "<part>:<side>" when a side is named, else "<part>". */
const EXTREMITY_TERMS: ReadonlyArray<readonly [Region, readonly string[]]> = [
  ['shoulder', ['shoulder', 'clavicle', 'scapula', 'humerus', 'schulter']],
  ['elbow', ['elbow', 'forearm', 'radius', 'ulna', 'ellbogen', 'unterarm']],
  ['hand', ['hand', 'wrist', 'finger', 'thumb', 'handgelenk']],
  ['hip', ['hip', 'femur', 'hüfte', 'huefte']],
  ['knee', ['knee', 'patella', 'tibia', 'fibula', 'knie', 'unterschenkel']],
  ['foot', ['foot', 'ankle', 'toe', 'calcaneus', 'fuss', 'fuß', 'sprunggelenk']],
];

const SIDE_WORDS: ReadonlyArray<readonly [Side, readonly string[]]> = [
  ['left', ['left', 'lt', 'links']],
  ['right', ['right', 'rt', 'rechts']],
];

export type Side = 'left' | 'right';

function normalise(text: string): string {
  return ` ${text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

interface Term {
  phrase: string;
  regions: readonly Region[];
  extremity: boolean;
}

// Longest phrases first, so "thoracic spine" is read (and consumed) before "thoracic".
// T1…T12 are left out: in MR descriptions "T1" is a weighting, not a vertebra (Th1…Th12 are kept).
const TERMS: readonly Term[] = [
  ...BASE_TERMS.flatMap(([regions, words]) => words.map((w) => ({ phrase: normalise(w), regions, extremity: false }))),
  ...EXTREMITY_TERMS.flatMap(([part, words]) => words.map((w) => ({ phrase: normalise(w), regions: [part], extremity: true }))),
].sort((a, b) => b.phrase.length - a.phrase.length);

function sideOf(text: string, laterality: string | undefined): Side | undefined {
  const lat = laterality?.trim().toUpperCase();
  if (lat === 'L') return 'left';
  if (lat === 'R') return 'right';
  for (const [side, words] of SIDE_WORDS) if (words.some((w) => text.includes(` ${w} `))) return side;
  return undefined;
}

/** Regions named by one text (a description, a body part or a code meaning), with an optional DICOM Laterality (L/R). */
export function regionsOfText(text: string, laterality?: string): Set<Region> {
  let rest = normalise(text);
  const side = sideOf(rest, laterality);
  const found = new Set<Region>();
  for (const term of TERMS) {
    if (!rest.includes(term.phrase)) continue;
    rest = rest.split(term.phrase).join(' ');
    for (const region of term.regions) found.add(term.extremity && side ? `${region}:${side}` : region);
  }
  return found;
}

/** Everything known about a study's anatomy, as regions. */
export interface AnatomyFacts {
  bodyParts?: readonly string[];
  /** Code meanings (or values) of Anatomic Region Sequence items. */
  anatomicRegions?: readonly string[];
  descriptions?: readonly string[];
  laterality?: string;
}

export function regionsOf(facts: AnatomyFacts): Set<Region> {
  const regions = new Set<Region>();
  for (const text of [...(facts.bodyParts ?? []), ...(facts.anatomicRegions ?? []), ...(facts.descriptions ?? [])]) {
    for (const r of regionsOfText(text, facts.laterality)) regions.add(r);
  }
  return regions;
}

function regionOverlaps(a: Region, b: Region): boolean {
  if (a === b) return true;
  const [partA, sideA] = a.split(':');
  const [partB, sideB] = b.split(':');
  // An extremity without a known side may be either side.
  return partA === partB && (sideA === undefined || sideB === undefined);
}

export function regionsOverlap(a: ReadonlySet<Region>, b: ReadonlySet<Region>): boolean {
  for (const x of a) for (const y of b) if (regionOverlaps(x, y)) return true;
  return false;
}
