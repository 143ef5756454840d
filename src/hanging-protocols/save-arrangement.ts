import type { LayoutId } from '../imaging/layout.ts';
import { regionsOfText } from '../priors/regions.ts';
import { personalMatchFor, wordsOf, type StudyKind } from './choose-protocol.ts';
import { hangingProtocolSchema, type HangingProtocol, type ViewMode, type ViewportRule } from './hanging-protocol.ts';

/** What one viewport shows, as the reader arranged it. */
export interface ArrangedViewport {
  /** 'current', or the index of the prior among those shown (0: the first). */
  study: 'current' | number;
  seriesInstanceUID: string;
  modality: string;
  description: string;
  plane: 'axial' | 'coronal' | 'sagittal' | 'oblique' | undefined;
  /** The named window preset the viewport shows, if its window is one. */
  preset: string | undefined;
  mode: ViewMode;
}

// Words of a series description that say nothing about which series it is.
const GENERIC = new Set(['axial', 'ax', 'coronal', 'cor', 'sagittal', 'sag', 'mm', 'series', 'se', 'tse', 'fse', 'with', 'without', 'and', 'the']);

/**
 * The words of a description that pick the series again in another study ("T2 TSE axial 5 mm" → ["t2"]).
 * Anatomy is not one of them: the next study of the kind names it its own way ("Head 4 mm" / "Schädel 5 mm").
 */
export function identifyingWords(description: string): string[] {
  const words = wordsOf(description).trim().split(' ');
  return words.filter((w) => w.length >= 2 && /\p{L}/u.test(w) && !GENERIC.has(w) && regionsOfText(w).size === 0).slice(0, 2);
}

/** A personal protocol id for a kind of study: "mine-ct-chest-1-prior". */
export function personalProtocolId(match: HangingProtocol['match']): string {
  const region = match.regions[0] ?? 'any';
  return `mine-${match.modalities[0]!.toLowerCase()}-${region}-${match.minPriors}-prior`.replace(/[^a-z0-9-]/g, '');
}

/**
 * The reader's current arrangement as their own protocol for this kind of study: the layout, and per
 * viewport the study (current or which prior), the series by modality, plane and its identifying words,
 * the window preset and the mode. A viewport showing a series already shown in an earlier one repeats it.
 */
export function protocolFromArrangement(study: StudyKind, layout: LayoutId, viewports: readonly (ArrangedViewport | undefined)[]): HangingProtocol {
  // The priors shown, renumbered in their own order: the protocol asks for as many as it shows.
  const priorOrder = [...new Set(viewports.flatMap((v) => (v && v.study !== 'current' ? [v.study] : [])))].sort((a, b) => a - b).slice(0, 3);
  const match = personalMatchFor(study, priorOrder.length);
  const rules: ViewportRule[] = [];
  viewports.forEach((viewport, index) => {
    if (!viewport) {
      rules.push({ study: 'current', priorIndex: 0, empty: true, series: { keywords: [], excludeKeywords: [] }, mode: 'stack' });
      return;
    }
    const earlier = viewports.findIndex((v, i) => i < index && v?.seriesInstanceUID === viewport.seriesInstanceUID);
    const common = { ...(viewport.preset ? { preset: viewport.preset } : {}), mode: viewport.mode };
    if (earlier >= 0) {
      rules.push({ study: 'current', priorIndex: 0, sameSeriesAs: earlier, series: { keywords: [], excludeKeywords: [] }, ...common });
      return;
    }
    const priorIndex = viewport.study === 'current' ? -1 : priorOrder.indexOf(viewport.study);
    if (viewport.study !== 'current' && priorIndex < 0) {
      // A fourth prior: more than a protocol can ask for; left empty rather than mismatched.
      rules.push({ study: 'current', priorIndex: 0, empty: true, series: { keywords: [], excludeKeywords: [] }, mode: 'stack' });
      return;
    }
    rules.push({
      study: priorIndex < 0 ? 'current' : 'prior',
      priorIndex: Math.max(0, priorIndex),
      series: {
        modality: viewport.modality || undefined,
        keywords: identifyingWords(viewport.description),
        excludeKeywords: [],
        ...(viewport.plane && viewport.plane !== 'oblique' ? { plane: viewport.plane } : {}),
      },
      ...common,
    });
  });
  // Through the schema: what is saved is what a shipped protocol could say.
  return hangingProtocolSchema.parse({
    id: personalProtocolId(match),
    name: `My ${match.modalities[0]} ${match.regions[0] ?? ''} layout`.replace(/\s+/g, ' ').trim(),
    match,
    layout,
    viewports: rules,
  });
}
