import { z } from 'zod';
import { PRESET_REGIONS } from '../imaging/body-part-presets.ts';
import { LAYOUTS, viewportCount } from '../imaging/layout.ts';

/**
 * A hanging protocol: which studies it suits (modality, body region, words of the study description, how
 * many priors), the layout, and for each viewport which series goes there (of the current study or a
 * prior), with which window preset, as a stack or in MPR. Shipped ones are the JSON files of
 * `config/hanging-protocols/`; a reader's own are saved in the gateway (docs/viewer.md#hanging-protocols).
 */

const modality = z.string().regex(/^[A-Z0-9]{2,16}$/, 'a DICOM modality in capitals, e.g. "CT"');
const keyword = z.string().min(2).max(40);

export const PLANES = ['axial', 'coronal', 'sagittal'] as const;
export const VIEW_MODES = ['stack', 'mpr'] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export const viewportRuleSchema = z
  .object({
    /** The current study, or a prior (0: the most relevant one, as the priors panel lists them). */
    study: z.enum(['current', 'prior']).default('current'),
    priorIndex: z.number().int().min(0).max(2).default(0),
    /** A viewport left empty on purpose (a reader's own layout with a gap). */
    empty: z.literal(true).optional(),
    /** The series of an earlier viewport again (e.g. the same CT in another window); the series rule is then ignored. */
    sameSeriesAs: z.number().int().min(0).max(3).optional(),
    series: z
      .object({
        modality: modality.optional(),
        /** Words of the series description that pick the series (any of them; accents and case ignored). */
        keywords: z.array(keyword).max(12).default([]),
        /** Words that rule a series out (e.g. "flair" for a T2 viewport). */
        excludeKeywords: z.array(keyword).max(12).default([]),
        plane: z.enum(PLANES).optional(),
      })
      .strict()
      .default({ keywords: [], excludeKeywords: [] }),
    /** A window preset by name (as in the preset menu), applied when the image shows it. */
    preset: z.string().min(1).max(60).optional(),
    mode: z.enum(VIEW_MODES).default('stack'),
  })
  .strict();
export type ViewportRule = z.infer<typeof viewportRuleSchema>;

export const hangingProtocolSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    name: z.string().trim().min(1).max(80),
    match: z
      .object({
        modalities: z.array(modality).min(1).max(8),
        regions: z.array(z.enum(PRESET_REGIONS)).max(7).default([]),
        /** Words of the study description, any of which must be there (accents and case ignored). */
        keywords: z.array(keyword).max(12).default([]),
        /** At least this many priors of the same patient must be known. */
        minPriors: z.number().int().min(0).max(3).default(0),
      })
      .strict(),
    layout: z.enum(LAYOUTS),
    viewports: z.array(viewportRuleSchema).min(1).max(4),
  })
  .strict()
  .superRefine((protocol, ctx) => {
    if (protocol.viewports.length > viewportCount(protocol.layout)) {
      ctx.addIssue({ code: 'custom', path: ['viewports'], message: `the ${protocol.layout} layout has room for ${viewportCount(protocol.layout)} viewports` });
    }
    protocol.viewports.forEach((rule, i) => {
      if (rule.sameSeriesAs !== undefined && rule.sameSeriesAs >= i) {
        ctx.addIssue({ code: 'custom', path: ['viewports', i, 'sameSeriesAs'], message: 'must name an earlier viewport' });
      }
      if (rule.study === 'prior' && rule.priorIndex + 1 > protocol.match.minPriors) {
        ctx.addIssue({ code: 'custom', path: ['viewports', i, 'priorIndex'], message: `needs match.minPriors of at least ${rule.priorIndex + 1}` });
      }
    });
  });
export type HangingProtocol = z.infer<typeof hangingProtocolSchema>;
export type HangingProtocolInput = z.input<typeof hangingProtocolSchema>;

/** The protocols of the files (path → parsed JSON); a file that does not parse is named in the error. */
export function parseProtocols(files: Record<string, unknown>): HangingProtocol[] {
  const protocols = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, json]) => {
      const parsed = hangingProtocolSchema.safeParse(json);
      if (!parsed.success) {
        throw new Error(`Hanging protocol ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    });
  const ids = new Set<string>();
  for (const protocol of protocols) {
    if (ids.has(protocol.id)) throw new Error(`Hanging protocol id "${protocol.id}" is used twice`);
    ids.add(protocol.id);
  }
  return protocols;
}
