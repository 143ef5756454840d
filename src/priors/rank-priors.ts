import type { StudySummary } from '../dicomweb/study-summary.ts';
import { MODALITY_RANK, modalityMatch, type ModalityMatch } from './modality.ts';
import { patientRelation } from './patient-identity.ts';
import { regionsOf, regionsOverlap, type AnatomyFacts, type Region } from './regions.ts';

/** A study with what its series say about anatomy and modality (both optional: QIDO study rows alone work). */
export interface StudyFacts extends AnatomyFacts {
  study: StudySummary;
  /** Modalities of its series, when known (ModalitiesInStudy is used too). */
  seriesModalities?: readonly string[];
}

/**
 * high: same region and the same or a compatible modality; medium: same region only;
 * low: another region (or nothing known about it).
 */
export type Relevance = 'high' | 'medium' | 'low';

export interface RankedStudy {
  study: StudySummary;
  regions: Region[];
  regionOverlap: boolean;
  modality: ModalityMatch;
  relevance: Relevance;
}

export interface PriorsResult {
  /** Studies of the same patient older than the current one, most relevant first. */
  priors: RankedStudy[];
  /** Studies of the same patient that are not older (newer, same time, or undated), newest first. */
  others: RankedStudy[];
  /** Same name and birth date under another Patient ID or issuer: "possible match — not verified". */
  possibleMatches: RankedStudy[];
}

function descriptions(facts: StudyFacts): string[] {
  return [facts.study.description, ...(facts.descriptions ?? [])].filter(Boolean);
}

function regionsOfStudy(facts: StudyFacts): Set<Region> {
  return regionsOf({ ...facts, descriptions: descriptions(facts) });
}

function modalitiesOf(facts: StudyFacts): string[] {
  return [...facts.study.modalities, ...(facts.seriesModalities ?? [])];
}

/** Study date and time as one sortable key ("" when undated). */
function when(study: StudySummary): string {
  const date = study.studyDate.trim();
  if (!/^\d{8}$/.test(date)) return '';
  return `${date}${study.studyTime
    .trim()
    .replace(/[^0-9.]/g, '')
    .padEnd(6, '0')}`;
}

function newestFirst(a: RankedStudy, b: RankedStudy): number {
  return when(b.study).localeCompare(when(a.study)) || a.study.studyInstanceUID.localeCompare(b.study.studyInstanceUID);
}

export function byRelevance(a: RankedStudy, b: RankedStudy): number {
  return Number(b.regionOverlap) - Number(a.regionOverlap) || MODALITY_RANK[b.modality] - MODALITY_RANK[a.modality] || newestFirst(a, b);
}

function rank(current: StudyFacts, currentRegions: Set<Region>, facts: StudyFacts): RankedStudy {
  const regions = regionsOfStudy(facts);
  const regionOverlap = regionsOverlap(currentRegions, regions);
  const modality = modalityMatch(modalitiesOf(current), modalitiesOf(facts));
  const relevance: Relevance = regionOverlap ? (modality === 'none' ? 'medium' : 'high') : 'low';
  return { study: facts.study, regions: [...regions].sort(), regionOverlap, modality, relevance };
}

/**
 * Sorts the candidates (from a Patient ID query and a name + birth date query) into the current
 * patient's priors, ranked by overlapping region, then compatible modality, then most recent; the
 * patient's other studies; and possible matches under other identifiers. Only older studies are priors.
 */
export function rankPriors(current: StudyFacts, candidates: readonly StudyFacts[]): PriorsResult {
  const currentRegions = regionsOfStudy(current);
  const currentWhen = when(current.study);
  const seen = new Set<string>([current.study.studyInstanceUID]);
  const result: PriorsResult = { priors: [], others: [], possibleMatches: [] };
  for (const facts of candidates) {
    const uid = facts.study.studyInstanceUID;
    if (!uid || seen.has(uid)) continue;
    seen.add(uid);
    const relation = patientRelation(current.study, facts.study);
    if (relation === 'other') continue;
    const ranked = rank(current, currentRegions, facts);
    if (relation === 'possible-match') result.possibleMatches.push(ranked);
    else if (currentWhen && when(facts.study) && when(facts.study) < currentWhen) result.priors.push(ranked);
    else result.others.push(ranked);
  }
  result.priors.sort(byRelevance);
  result.others.sort(newestFirst);
  result.possibleMatches.sort(newestFirst);
  return result;
}

/** The priors to hang: the `count` most relevant (default 1). */
export function priorsToHang(result: PriorsResult, count = 1): RankedStudy[] {
  return result.priors.slice(0, Math.max(0, count));
}

export function relevanceLabel(ranked: RankedStudy): string {
  if (ranked.relevance === 'high') return ranked.modality === 'same' ? 'Relevant: same region and modality' : 'Relevant: same region, compatible modality';
  if (ranked.relevance === 'medium') return 'Same region, other modality';
  return 'Other or unknown region';
}
