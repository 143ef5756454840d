import { z } from 'zod';
import type { DataSource } from '../dicomweb/data-source.ts';
import { SESSION_PATH } from '../session/session-end.ts';
import { parseSession, sessionOf, sessionSchema, type Session } from '../session/session.ts';

const dataSourceSchema = z.object({
  sourceName: z.string().min(1),
  friendlyName: z.string().min(1),
  qidoRoot: z.string().min(1),
  wadoRoot: z.string().min(1),
  stowRoot: z.string().min(1),
  quirks: z.object({ queryValueEncoding: z.enum(['percent', 'literal']) }),
  lossyPreview: z.enum(['rendered', 'none']).default('none'),
  frameStreaming: z.boolean().default(false),
});

const runtimeConfigSchema = z
  .object({
    defaultDataSourceName: z.string().min(1),
    dataSources: z.array(dataSourceSchema).min(1, 'at least one data source is required'),
    /** Who the page was rendered for (the gateway inlines it per request; never in /app-config.json). */
    session: sessionSchema.transform(sessionOf).optional(),
    /** The signed-in user's DICOM PN: Content Creator's Name of the presentation states they save. */
    user: z.string().min(1).optional(),
    /** Decoded-image cache in MiB; absent: derived from the device (src/imaging/cache-budget.ts). */
    imageCacheMb: z.number().int().positive().optional(),
  })
  .refine((c) => c.dataSources.some((s) => s.sourceName === c.defaultDataSourceName), {
    message: 'defaultDataSourceName must name one of dataSources',
  });

export interface RuntimeConfig {
  defaultDataSourceName: string;
  dataSources: DataSource[];
  session?: Session;
  user?: string;
  imageCacheMb?: number;
}

/** Validates /app-config.json; throws an Error whose message lists every problem. */
export function parseRuntimeConfig(json: unknown): RuntimeConfig {
  const result = runtimeConfigSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`The runtime configuration is invalid: ${problems}`);
  }
  return result.data;
}

/** The id of the inline JSON script the gateway puts into index.html (server/http/index-html.ts). */
export const INLINE_CONFIG_ID = 'rr-runtime-config';

/**
 * The configuration the gateway inlined into the page, if it did (the Vite dev server does not: then the
 * app asks for /app-config.json). Throws, like loadRuntimeConfig, when it is there but invalid.
 */
export function readInlineRuntimeConfig(doc: Pick<Document, 'getElementById'> = document): RuntimeConfig | undefined {
  const text = doc.getElementById(INLINE_CONFIG_ID)?.textContent;
  if (!text) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`The runtime configuration in the page is not JSON (${(err as Error).message}).`, { cause: err });
  }
  return parseRuntimeConfig(json);
}

/**
 * The configuration of a page the gateway did not render (the Vite dev server): /app-config.json, and who
 * is signed in from `GET /api/session` (the gateway's pages carry both inline: no request at start-up).
 */
export async function loadRuntimeConfig(signal?: AbortSignal): Promise<RuntimeConfig> {
  let res: Response;
  try {
    res = await fetch('/app-config.json', { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new Error(`The Readroom server is not reachable (${(err as Error).message}).`, { cause: err });
  }
  if (!res.ok) throw new Error(`Could not load the runtime configuration (HTTP ${res.status}).`);
  const [config, session] = await Promise.all([res.json().then(parseRuntimeConfig), loadSession(signal)]);
  return session ? { ...config, session, user: session.personName } : config;
}

/** Who is signed in, as `GET /api/session` says; undefined when nobody is (401) or it cannot be asked. */
async function loadSession(signal?: AbortSignal): Promise<Session | undefined> {
  try {
    const res = await fetch(SESSION_PATH, { signal, headers: { Accept: 'application/json' }, cache: 'no-store' });
    return res.ok ? parseSession(await res.json()) : undefined;
  } catch {
    return undefined;
  }
}

export function findDataSource(config: RuntimeConfig, name: string | null): DataSource {
  const wanted = name ?? config.defaultDataSourceName;
  return config.dataSources.find((s) => s.sourceName === wanted) ?? config.dataSources[0]!;
}
