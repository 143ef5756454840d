import type { PresetRegion } from '../imaging/body-part-presets.ts';
import type { HangingProtocol } from './hanging-protocol.ts';

/** What a study is, as the protocols ask it: its modalities, body regions, description and known priors. */
export interface StudyKind {
  modalities: readonly string[];
  regions: readonly PresetRegion[];
  description: string;
  priorCount: number;
}

/** Lower case, without accents or punctuation, padded: " ct thorax nativ " (so " t1 " matches a word). */
export function wordsOf(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** True when `text` holds `keyword` as whole words ("t2" in "T2 TSE axial", not in "T2* GRE" nor "AT2"). */
export function hasKeyword(text: string, keyword: string): boolean {
  return wordsOf(text).includes(wordsOf(keyword));
}

export function protocolMatches(protocol: HangingProtocol, study: StudyKind): boolean {
  const { match } = protocol;
  if (!match.modalities.some((m) => study.modalities.includes(m))) return false;
  if (match.regions.length > 0 && !match.regions.some((r) => study.regions.includes(r))) return false;
  if (match.keywords.length > 0 && !match.keywords.some((k) => hasKeyword(study.description, k))) return false;
  return study.priorCount >= match.minPriors;
}

/** How much a protocol says about the study: the more it asks, the better it fits when it matches. */
function specificity(protocol: HangingProtocol): number {
  const { match } = protocol;
  return (match.regions.length > 0 ? 4 : 0) + (match.keywords.length > 0 ? 2 : 0) + match.minPriors * 3 - match.modalities.length * 0.1;
}

export interface ProtocolChoice {
  protocol: HangingProtocol;
  /** A reader's own protocol wins over a shipped one that matches as well. */
  owner: 'personal' | 'shipped';
}

/** The protocol to hang `study` with: the reader's own for this kind of study, else the most specific shipped one. */
export function chooseProtocol(study: StudyKind, shipped: readonly HangingProtocol[], personal: readonly HangingProtocol[] = []): ProtocolChoice | undefined {
  const best = (protocols: readonly HangingProtocol[]) =>
    protocols.filter((p) => protocolMatches(p, study)).sort((a, b) => specificity(b) - specificity(a) || a.id.localeCompare(b.id))[0];
  const own = best(personal);
  if (own) return { protocol: own, owner: 'personal' };
  const ship = best(shipped);
  return ship ? { protocol: ship, owner: 'shipped' } : undefined;
}

/**
 * The kind of study a personal protocol is saved for: its first modality and first region ("CT chest",
 * "MR head", "CR any region"). A protocol saved from a study matches the studies of that kind, with the
 * prior count it was arranged with.
 */
export function personalMatchFor(study: StudyKind, priorsShown: number): HangingProtocol['match'] {
  const modality = study.modalities.find((m) => /^[A-Z0-9]{2,16}$/.test(m));
  return {
    modalities: modality ? [modality] : ['OT'],
    regions: study.regions.slice(0, 1) as PresetRegion[],
    keywords: [],
    minPriors: Math.min(3, priorsShown),
  };
}
