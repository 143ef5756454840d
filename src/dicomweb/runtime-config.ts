import { z } from 'zod';
import { sessionSchema, sessionOf } from '../session/session.ts';
import { shareSessionSchema } from '../shares/share-contract.ts';

/**
 * The runtime configuration the gateway publishes (`GET /app-config.json`, and inline in each page) and the
 * app validates at load: one schema for both sides (server/http/runtime-config.ts builds it). Data sources in
 * the spirit of OHIF's: every root is a same-origin gateway path.
 */

/** How a source wants QIDO query values written (see query-encoding.ts). */
export const QUERY_VALUE_ENCODINGS = ['literal', 'percent'] as const;
export type QueryValueEncoding = (typeof QUERY_VALUE_ENCODINGS)[number];

/** How a lossy first view of a large image may be fetched (`rendered`: scaled WADO-RS rendered JPEG). */
export const LOSSY_PREVIEW_KINDS = ['rendered', 'none'] as const;
export type LossyPreviewKind = (typeof LOSSY_PREVIEW_KINDS)[number];

const dataSourceSchema = z.object({
  sourceName: z.string().min(1),
  friendlyName: z.string().min(1),
  qidoRoot: z.string().min(1),
  wadoRoot: z.string().min(1),
  stowRoot: z.string().min(1),
  quirks: z.object({ queryValueEncoding: z.enum(QUERY_VALUE_ENCODINGS) }),
  lossyPreview: z.enum(LOSSY_PREVIEW_KINDS).default('none'),
  /**
   * Frames are asked for with the image loader's streaming retrieval (fetch + ReadableStream): an HTJ2K
   * RPCL (or HTJ2K) frame is decoded and drawn at lower resolution while it arrives.
   */
  frameStreaming: z.boolean().default(false),
});

export const runtimeConfigSchema = z
  .object({
    defaultDataSourceName: z.string().min(1),
    dataSources: z.array(dataSourceSchema).min(1, 'at least one data source is required'),
    /** Who the page was rendered for (the gateway inlines it per request; never in /app-config.json). */
    session: sessionSchema.transform(sessionOf).optional(),
    /** Set instead of `session` for the recipient of a share link: the shared studies (src/shares). */
    share: shareSessionSchema.optional(),
    /** The signed-in user's DICOM PN: Content Creator's Name of the presentation states they save. */
    user: z.string().min(1).optional(),
    /** Decoded-image cache in MiB; absent: derived from the device (src/imaging/cache-budget.ts). */
    imageCacheMb: z.number().int().positive().optional(),
  })
  .refine((c) => c.dataSources.some((s) => s.sourceName === c.defaultDataSourceName), {
    message: 'defaultDataSourceName must name one of dataSources',
  });

export type DataSourceQuirks = z.infer<typeof dataSourceSchema>['quirks'];

/** A DICOMweb data source as the app uses it (`lossyPreview` and `frameStreaming` may be left out: `none`, false). */
export type DataSource = z.input<typeof dataSourceSchema>;

/** A data source as the gateway publishes it (every field written). */
export type PublishedDataSource = z.output<typeof dataSourceSchema>;

/** The configuration as the gateway publishes it. */
export type PublishedRuntimeConfig = Omit<z.input<typeof runtimeConfigSchema>, 'dataSources'> & { dataSources: PublishedDataSource[] };

/** The configuration as the app holds it once validated. */
export type RuntimeConfig = Omit<z.output<typeof runtimeConfigSchema>, 'dataSources'> & { dataSources: DataSource[] };

/** Validates a runtime configuration; throws an Error whose message lists every problem. */
export function parseRuntimeConfig(json: unknown): RuntimeConfig {
  const result = runtimeConfigSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`The runtime configuration is invalid: ${problems}`);
  }
  return result.data;
}

/** The data source of that name, or the configured default (the first when the name is unknown). */
export function findDataSource(config: RuntimeConfig, name: string | null): DataSource {
  const wanted = name ?? config.defaultDataSourceName;
  return config.dataSources.find((s) => s.sourceName === wanted) ?? config.dataSources[0]!;
}
